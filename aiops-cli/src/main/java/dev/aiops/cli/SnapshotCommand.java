package dev.aiops.cli;

import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotException;
import dev.aiops.infra.k8s.SnapshotWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiops snapshot}: a bundle of cluster state someone else can diagnose, with no secret values in it. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Writes cluster state in the 'kubectl cluster-info dump --output-directory' layout (plus the"
                + " kinds diagnosis needs), with Secret values removed and logs redacted, so it can be handed over.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "2:usage error, or the cluster or directory cannot be used"})
final class SnapshotCommand implements Callable<Integer> {

    @Option(names = "--output-directory", required = true, paramLabel = "DIR", description = "Where to write.")
    Path dir;

    @Option(names = "--context", paramLabel = "CTX", description = "kubeconfig context (default: the current one).")
    String context;

    @Option(names = "--demo", description = "Snapshot the embedded demo cluster instead.")
    boolean demo;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Only this namespace.")
    String namespace;

    @Spec
    CommandSpec spec;

    private final SnapshotSources sources;

    SnapshotCommand(SnapshotSources sources) {
        this.sources = sources;
    }

    @Override
    public Integer call() {
        try {
            ClusterSnapshot s = demo ? sources.demo()
                    : sources.live(context, namespace == null ? List.of() : List.of(namespace), null);
            int files = SnapshotWriter.write(s, dir);
            spec.commandLine().getOut().println("wrote " + s.objectCount() + " objects in " + files + " files to " + dir);
            s.warnings().forEach(w -> spec.commandLine().getErr().println("aiops snapshot: warning: " + w));
            return 0;
        } catch (SnapshotException | UncheckedIOException e) {
            spec.commandLine().getErr().println("aiops snapshot: " + e.getMessage());
            return 2;
        }
    }
}
