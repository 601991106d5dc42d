package dev.aiops.cli;

import dev.aiops.core.llm.LlmNotConfiguredException;
import dev.aiops.domain.diagnosis.Anonymizer;
import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.ReportJson;
import dev.aiops.domain.diagnosis.ReportText;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiops diagnose}: the specific root cause of every problem in a cluster or snapshot, with no model. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Finds the specific root cause of every problem in a cluster or snapshot, with evidence and"
                + " reviewed kubectl remediation commands. Works offline; no language model is used unless --explain"
                + " asks for one. With no --demo, --from-dump or --context it reads the current kubeconfig"
                + " context, as kubectl does.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no finding at or above --fail-on (always, when --fail-on is none)",
                "1:findings at or above --fail-on",
                "2:usage error, or input that cannot be read (the message names the file and why)"})
final class DiagnoseCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SourceOptions source;

    @Mixin
    DumpLimitOptions dumpLimits = new DumpLimitOptions();

    @Option(names = {"-n", "--namespace"}, split = ",", paramLabel = "NS", description = "Only these namespaces.")
    List<String> namespaces = List.of();

    @Option(names = {"-l", "--selector"}, paramLabel = "LABELS",
            description = "Live clusters only: read only workloads and pods matching this label selector.")
    String selector;

    @Option(names = "--filter", split = ",", paramLabel = "CATEGORY",
            description = "Only these categories, e.g. CrashLoopBackOff,OOMKilled.")
    List<String> filter = List.of();

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text, markdown or json (diagnosis-report v1). Default: ${DEFAULT-VALUE}.")
    String output;

    @Option(names = "--fail-on", defaultValue = "none", paramLabel = "SEVERITY",
            description = "Exit 1 when a finding is at least this severe: critical, high, medium, low, info or none."
                    + " Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Option(names = "--anonymize", description = "Mask namespace, object, node and image names and IP addresses.")
    boolean anonymize;

    @Option(names = "--explain",
            description = "After the report, stream a short explanation from the configured language model (the"
                    + " only option that needs one; see README, Language models).")
    boolean explain;

    @Spec
    CommandSpec spec;

    private final SnapshotSources sources;
    private final Map<String, String> env;

    DiagnoseCommand(SnapshotSources sources, Map<String, String> env) {
        this.sources = sources;
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<Category> categories = new LinkedHashSet<>();
        for (String f : filter) {
            try {
                categories.add(Category.valueOf(f.trim()));
            } catch (IllegalArgumentException e) {
                err.println("aiops diagnose: unknown category '" + f + "' (see diagnosis-report v1 for the list)");
                return 2;
            }
        }
        Severity threshold = null;
        if (!failOn.equalsIgnoreCase("none")) {
            try {
                threshold = Severity.parse(failOn);
            } catch (IllegalArgumentException e) {
                err.println("aiops diagnose: --fail-on takes critical, high, medium, low, info or none, not '" + failOn + "'");
                return 2;
            }
        }
        String format = output.toLowerCase(Locale.ROOT);
        if (!List.of("text", "markdown", "json").contains(format)) {
            err.println("aiops diagnose: --output takes text, markdown or json, not '" + output + "'");
            return 2;
        }
        Explainer explainer = null;
        if (explain) {
            try {
                explainer = Explainer.configured(env);
            } catch (LlmNotConfiguredException | IllegalArgumentException e) {
                err.println("aiops diagnose: " + e.getMessage());
                return 2;
            }
        }
        ClusterSnapshot snapshot;
        try {
            snapshot = SourceOptions.readOrCurrentContext(source, dumpLimits.apply(sources), namespaces, selector);
        } catch (SnapshotException e) {
            err.println("aiops diagnose: " + e.getMessage());
            return 2;
        }
        DiagnosisReport report = Diagnoser.standard().diagnose(snapshot, new LinkedHashSet<>(namespaces), categories);
        if (anonymize) {
            report = Anonymizer.forSnapshot(snapshot).apply(report);
        }
        switch (format) {
            case "json" -> out.println(ReportJson.toPrettyString(report));
            case "markdown" -> out.print(ReportText.markdown(report));
            default -> out.print(ReportText.text(report, Terminal.colors()));
        }
        out.flush();
        if (!report.warnings().isEmpty() && !format.equals("text")) {
            report.warnings().forEach(w -> err.println("aiops diagnose: warning: " + w));
        }
        if (explainer != null) {
            // JSON on stdout stays parseable: the narrative then goes to stderr
            explainer.explain(report, format.equals("json") ? err : out, err);
        }
        return threshold != null && report.hasFindingsAtLeast(threshold) ? 1 : 0;
    }
}
