package dev.aiops.cli;

import dev.aiops.domain.scaling.AdvisorSettings;
import dev.aiops.domain.scaling.ScalingAdvisor;
import dev.aiops.domain.scaling.ScalingReport;
import dev.aiops.domain.scaling.ScalingReportJson;
import dev.aiops.domain.scaling.ScalingReportText;
import dev.aiops.domain.scaling.ScalingScope;
import dev.aiops.domain.scaling.WeeklyReview;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotException;
import dev.aiops.infra.metrics.MetricsException;
import dev.aiops.infra.metrics.PrometheusClient;
import dev.aiops.infra.metrics.PrometheusSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code aiops scale}: right-sizing and replica advice from usage metrics, and the weekly cost review. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Requests, limits and replica counts from usage metrics (Prometheus, or metrics-server at low"
                + " confidence), with reasoning, confidence and cost.")
final class ScaleCommand {

    static final String EXIT_CODES_HEADING = "%nExit codes:%n";

    private ScaleCommand() {
    }

    static ScaleCommand create() {
        return new ScaleCommand();
    }

    /** Runs the advisor with the options' source and settings: the part advise and report share. */
    abstract static class Run implements Callable<Integer> {

        @Mixin
        ScaleOptions options;

        @Spec
        CommandSpec spec;

        final SnapshotSources sources;
        final Clock clock;

        Run(SnapshotSources sources, Clock clock) {
            this.sources = sources;
            this.clock = clock;
        }

        @Override
        public final Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            ScalingReport report;
            try {
                report = advise();
            } catch (IllegalArgumentException | SnapshotException | IOException e) {
                err.println("aiops scale: " + e.getMessage());
                return 2;
            } catch (MetricsException e) {
                err.println("aiops scale: " + e.getMessage());
                return 1;
            }
            try {
                return render(report, spec.commandLine().getOut(), err);
            } catch (IOException e) {
                err.println("aiops scale: " + e.getMessage());
                return 2;
            }
        }

        abstract int render(ScalingReport report, PrintWriter out, PrintWriter err) throws IOException;

        private ScalingReport advise() throws IOException, MetricsException {
            AdvisorSettings settings = options.settings();
            PrometheusSettings prometheus = options.prometheus(sources.env());
            ScalingScope scope = new ScalingScope(new HashSet<>(options.namespaces), options.selector,
                    options.window(), options.end(), null, null);
            if (prometheus == null) {
                if (options.source == null || options.source.dump != null) {
                    throw new IllegalArgumentException(options.source == null
                            ? "give --prometheus URL (or set AIOPS_PROMETHEUS_URL), or a cluster (--context, --demo)"
                            + " for metrics-server's point-in-time view"
                            : "a dump holds no usage history: give --prometheus URL (or set AIOPS_PROMETHEUS_URL)");
                }
                SnapshotSources.ClusterUsage usage = sources.usage(options.source, options.namespaces,
                        options.selector);
                return ScalingAdvisor.fromMetricsServer(usage.usage(), withCluster(scope, usage.snapshot()),
                        settings, clock);
            }
            ClusterSnapshot cluster = options.source == null ? null
                    : options.source.read(sources, options.namespaces, options.selector);
            return new ScalingAdvisor(new PrometheusClient(prometheus), settings, clock)
                    .advise(withCluster(scope, cluster));
        }

        private static ScalingScope withCluster(ScalingScope s, ClusterSnapshot cluster) {
            return new ScalingScope(s.namespaces(), s.selector(), s.window(), s.end(), cluster, s.workload());
        }
    }

    @Command(name = "advise", mixinStandardHelpOptions = true,
            description = "One recommendation per container of each workload (never the pause container), and"
                    + " replica counts. -o json is the scaling-recommendations v1 contract.",
            exitCodeListHeading = EXIT_CODES_HEADING,
            exitCodeList = {"0:advice printed; every container's metrics were read",
                    "1:the metrics of some containers (or all: Prometheus unreachable) could not be read",
                    "2:usage error, or input that cannot be read"})
    static final class Advise extends Run {

        @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
                description = "text, markdown or json (scaling-recommendations v1). Default: ${DEFAULT-VALUE}.")
        String output;

        Advise(SnapshotSources sources, Clock clock) {
            super(sources, clock);
        }

        @Override
        int render(ScalingReport report, PrintWriter out, PrintWriter err) {
            switch (output) {
                case "json" -> out.println(ScalingReportJson.of(report).toPrettyString());
                case "markdown" -> out.print(ScalingReportText.markdown(report));
                case "text" -> out.print(TerminalSafe.text(ScalingReportText.text(report)));
                default -> {
                    err.println("aiops scale advise: -o must be text, markdown or json, not '" + output + "'");
                    return 2;
                }
            }
            out.flush();
            return report.hasErrors() ? 1 : 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "The weekly cost review: savings and risks by namespace and workload, and what changed"
                    + " since the last review in the same directory. Writes scaling-review-WEEK.md and .json.",
            exitCodeListHeading = EXIT_CODES_HEADING,
            exitCodeList = {"0:review written", "1:the metrics of some containers could not be read (still written)",
                    "2:usage error, or input that cannot be read"})
    static final class Report extends Run {

        @Option(names = "--weekly", required = true, description = "The weekly review (the only kind for now).")
        boolean weekly;

        @Option(names = "--output-dir", defaultValue = "scaling-reviews", paramLabel = "DIR",
                description = "Where reviews are written and the last one is found. Default: ${DEFAULT-VALUE}.")
        Path dir;

        Report(SnapshotSources sources, Clock clock) {
            super(sources, clock);
        }

        @Override
        int render(ScalingReport report, PrintWriter out, PrintWriter err) throws IOException {
            Files.createDirectories(dir);
            String week = WeeklyReview.week(report);
            JsonNode previous = previous(dir, week, err);
            JsonNode review = WeeklyReview.json(report, previous);
            Path json = dir.resolve("scaling-review-" + week + ".json");
            Path md = dir.resolve("scaling-review-" + week + ".md");
            Files.writeString(json, review.toPrettyString() + "\n");
            Files.writeString(md, WeeklyReview.markdown(review));
            out.println("wrote " + md + " and " + json + (previous == null ? " (first review)"
                    : " (compared with " + previous.path("week").asString() + ")"));
            out.flush();
            return report.hasErrors() ? 1 : 0;
        }

        /** The newest review of an earlier week in {@code dir}; an unreadable one is skipped with a warning. */
        private static JsonNode previous(Path dir, String week, PrintWriter err) throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.getFileName().toString().matches("scaling-review-.*\\.json"))
                        .filter(f -> f.getFileName().toString().compareTo("scaling-review-" + week + ".json") < 0)
                        .sorted(Comparator.reverseOrder()).toList()) {
                    try {
                        JsonNode n = JsonMapper.builder().build().readTree(p.toFile());
                        if (n.path("kind").asString("").equals("weekly-scaling-review")) return n;
                        err.println("aiops scale report: skipping " + p + ": not a weekly scaling review");
                    } catch (tools.jackson.core.JacksonException e) {
                        err.println("aiops scale report: skipping " + p + ": " + e.getOriginalMessage());
                    }
                }
            }
            return null;
        }
    }

    static Map<String, Object> subcommands(SnapshotSources sources, Clock clock) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("advise", new Advise(sources, clock));
        out.put("report", new Report(sources, clock));
        out.put("operator", new ScaleOperatorCommand.Operator(sources));
        out.put("approve", new ScaleOperatorCommand.Approve(sources));
        return out;
    }
}
