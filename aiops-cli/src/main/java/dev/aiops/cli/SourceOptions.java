package dev.aiops.cli;

import dev.aiops.infra.k8s.ClusterSnapshot;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where cluster state comes from: one of {@code --demo}, {@code --from-dump} or {@code --context}; commands that
 * make it optional read the current kubeconfig context without one.
 */
final class SourceOptions {

    @Option(names = "--demo", description = "The embedded demo cluster (in-process, no network).")
    boolean demo;

    @Option(names = "--from-dump", paramLabel = "PATH",
            description = "Cluster state on disk, the format told from the content: a 'kubectl cluster-info dump'"
                    + " folder or its printed output, a .tar.gz of a dump, a 'kubectl get -o json|yaml' file, the"
                    + " Events of 'kubectl get events -A -o json', or manifests (a folder or file of YAML/JSON)."
                    + " '-' reads standard input. See docs/inputs.md.")
    Path dump;

    @Option(names = "--context", paramLabel = "CTX", description = "A kubeconfig context of a live cluster.")
    String context;

    /** Reads the chosen source. @throws dev.aiops.infra.k8s.SnapshotException naming what cannot be read */
    ClusterSnapshot read(SnapshotSources sources, List<String> namespaces, String selector) {
        return demo ? sources.demo() : dump != null ? sources.dump(dump) : sources.live(context, namespaces, selector);
    }

    /**
     * Reads {@code source}, or with no source option the current kubeconfig context, as kubectl does.
     *
     * @throws dev.aiops.infra.k8s.SnapshotException naming what cannot be read, or saying there is no kubeconfig
     */
    static ClusterSnapshot readOrCurrentContext(SourceOptions source, SnapshotSources sources,
                                                List<String> namespaces, String selector) {
        return source != null ? source.read(sources, namespaces, selector) : sources.live(null, namespaces, selector);
    }

    /** The same choice as {@code diagnosis.run} input. */
    JsonNode asDiagnosisInput() {
        ObjectNode in = JsonNodeFactory.instance.objectNode();
        ObjectNode src = in.putObject("source");
        if (demo) {
            src.put("type", "demo");
        } else if (dump != null) {
            src.put("type", "dump").put("name", dump.toString());
        } else {
            src.put("type", "live").put("name", context);
        }
        return in;
    }
}
