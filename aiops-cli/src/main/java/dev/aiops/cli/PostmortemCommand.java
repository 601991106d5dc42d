package dev.aiops.cli;

import dev.aiops.composite.postmortem.Postmortem;
import dev.aiops.composite.postmortem.PostmortemAnalyst;
import dev.aiops.composite.postmortem.PostmortemJson;
import dev.aiops.composite.postmortem.PostmortemMarkdown;
import dev.aiops.composite.postmortem.PostmortemWriter;
import dev.aiops.core.llm.LlmNotConfiguredException;
import dev.aiops.core.llm.LlmSettings;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.timeline.Timeline;
import dev.aiops.domain.timeline.TimelineBuilder;
import dev.aiops.domain.timeline.TimelineJson;
import dev.aiops.domain.timeline.TimelineQuery;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiops postmortem}: a blameless post-mortem from the timeline and the diagnosis, offline. */
@Command(name = "postmortem", mixinStandardHelpOptions = true,
        description = "Writes a blameless post-mortem of an incident: summary, impact, detection, trigger, root cause"
                + " with its evidence, contributing factors, timeline and action items. Deterministic; with a"
                + " configured model it adds an analysis section marked as model-written.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "2:usage error, unreadable input, or no such finding"})
final class PostmortemCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    SourceOptions source;

    @Mixin
    DumpLimitOptions dumpLimits = new DumpLimitOptions();

    @Option(names = "--incident", paramLabel = "FINDING",
            description = "The finding the incident is about (id, number or object name); default: every finding.")
    String incident;

    @Option(names = "--window", paramLabel = "FROM..TO",
            description = "The incident's window in RFC 3339 (FROM..TO); default: the last 24h of the source.")
    String window;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Only this namespace.")
    String namespace;

    @Option(names = {"-o", "--output"}, defaultValue = "markdown", paramLabel = "FORMAT",
            description = "markdown or json. Default: ${DEFAULT-VALUE}.")
    String output;

    @Option(names = "--no-model", description = "Never call a model, even when one is configured.")
    boolean noModel;

    @Spec
    CommandSpec spec;

    private final SnapshotSources sources;
    private final Map<String, String> env;

    PostmortemCommand(SnapshotSources sources, Map<String, String> env) {
        this.sources = sources;
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!output.equals("markdown") && !output.equals("json")) {
            err.println("aiops postmortem: -o must be markdown or json, not '" + output + "'");
            return 2;
        }
        TimelineQuery.Builder query = TimelineQuery.builder();
        if (namespace != null) query.namespace(namespace);
        try {
            if (window != null) {
                String[] parts = window.split("\\.\\.", 2);
                if (parts.length != 2) throw new IllegalArgumentException("--window is FROM..TO, not '" + window + "'");
                query.since(Instant.parse(parts[0].strip())).until(Instant.parse(parts[1].strip()));
            } else {
                query.last(Duration.ofHours(24));
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            err.println("aiops postmortem: --window takes two RFC 3339 times, FROM..TO: " + e.getMessage());
            return 2;
        }
        ClusterSnapshot snapshot;
        try {
            snapshot = source.read(dumpLimits.apply(sources), namespace == null ? List.of() : List.of(namespace), null);
        } catch (SnapshotException e) {
            err.println("aiops postmortem: " + e.getMessage());
            return 2;
        }
        DiagnosisReport report = Diagnoser.standard().diagnose(snapshot,
                namespace == null ? Set.of() : Set.of(namespace), Set.of());
        Finding finding = null;
        if (incident != null) {
            finding = RunbookCommand.Generate.find(report.findings(), incident);
            if (finding == null) {
                err.println("aiops postmortem: no finding '" + incident + "' in a fresh diagnosis ("
                        + report.findings().size() + " findings; see aiops diagnose)");
                return 2;
            }
            var about = finding.owner() != null ? finding.owner() : finding.object();
            query.around(about.kind(), about.namespace(), about.name());
        }
        Timeline timeline = TimelineBuilder.build(snapshot, query.build());
        // an open window ends with the last thing the source recorded
        Instant end = timeline.windowEnd() != null ? timeline.windowEnd() : timeline.entries().isEmpty()
                ? report.generatedAt() : timeline.entries().get(timeline.entries().size() - 1).time();
        Postmortem p = PostmortemWriter.write(TimelineJson.toJson(timeline), report, finding, timeline.windowStart(),
                end);
        if (!noModel) p = analyse(p, report, err);
        out.print(output.equals("json") ? PostmortemJson.of(p).toPrettyString() + "\n"
                : TerminalSafe.text(PostmortemMarkdown.of(p)));
        out.flush();
        return 0;
    }

    /** The model's analysis when one is configured; without one, or when it fails, the post-mortem as it is. */
    private Postmortem analyse(Postmortem p, DiagnosisReport report, PrintWriter err) {
        LlmSettings settings;
        try {
            settings = LlmSettings.require(env, LlmSettings.defaultConfigFile(env));
        } catch (LlmNotConfiguredException e) {
            return p;
        }
        try (ConfiguredModel model = ConfiguredModel.open(env, settings)) {
            return new PostmortemAnalyst(model.gateway, settings.model()).analyse(p, report);
        } catch (RuntimeException e) {
            err.println("aiops postmortem: the model's analysis failed, written without it: " + e.getMessage());
            return p;
        }
    }
}
