package dev.aiops.cli;

import dev.aiops.core.contract.Durations;
import dev.aiops.domain.timeline.Timeline;
import dev.aiops.domain.timeline.TimelineBuilder;
import dev.aiops.domain.timeline.TimelineEntry.Subject;
import dev.aiops.domain.timeline.TimelineJson;
import dev.aiops.domain.timeline.TimelineQuery;
import dev.aiops.domain.timeline.TimelineText;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import dev.aiops.infra.k8s.SnapshotException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code aiops timeline}: what happened, in order, from a cluster or snapshot; parses, builds, renders. */
@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = "What happened, in order: events, pod and container transitions, rollouts and container log lines"
                + " merged in one timeline, with the probable trigger, the detection, the first error and the"
                + " recovery marked. Works offline; no language model is used.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the timeline was written",
                "2:usage error, or input that cannot be read (the message names the file and why)"})
final class TimelineCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    SourceOptions source;

    @Mixin
    DumpLimitOptions dumpLimits = new DumpLimitOptions();

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Only this namespace.")
    String namespace;

    @Option(names = "--since", paramLabel = "DURATION|TIME",
            description = "The window's start: RFC 3339, or a duration back from --until (or, without it, from now for"
                    + " a cluster and from the snapshot's latest time for a dump), e.g. 30m, 2h, 1d. Default: all.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "The window's end, RFC 3339. Default: open.")
    String until;

    @Option(names = "--around", paramLabel = "KIND/NAME",
            description = "Only this object and what owns it, what it owns and what selects it: KIND/NAME (with -n, or"
                    + " found in the snapshot) or KIND/NAMESPACE/NAME, e.g. deploy/cart.")
    String around;

    @Option(names = "--skew", defaultValue = "2s", paramLabel = "DURATION",
            description = "Clock-skew tolerance: entries of different sources or clocks closer than this are marked"
                    + " uncertain. Default: ${DEFAULT-VALUE}.")
    String skew;

    @Option(names = "--trigger-lookback", defaultValue = "30m", paramLabel = "DURATION",
            description = "How long before the first error a change still counts as its probable trigger."
                    + " Default: ${DEFAULT-VALUE}.")
    String lookback;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text, markdown or json (incident-timeline v1). Default: ${DEFAULT-VALUE}.")
    String output;

    @Spec
    CommandSpec spec;

    private final SnapshotSources sources;
    private final Clock clock;

    TimelineCommand(SnapshotSources sources, Clock clock) {
        this.sources = sources;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String format = output.toLowerCase(Locale.ROOT);
        if (!List.of("text", "markdown", "json").contains(format)) {
            err.println("aiops timeline: --output takes text, markdown or json, not '" + output + "'");
            return 2;
        }
        TimelineQuery.Builder q;
        Duration back;
        try {
            q = TimelineQuery.builder().namespace(namespace).clockSkew(duration("--skew", skew))
                    .triggerLookback(duration("--trigger-lookback", lookback));
            if (until != null) q.until(time("--until", until));
            back = since != null && (since.matches("\\d+(ms|s|m|h|d)") || since.startsWith("P"))
                    ? duration("--since", since) : null;
            if (since != null && back == null) q.since(time("--since", since));
            if (around != null) Subject.parse(around, namespace);
        } catch (IllegalArgumentException e) {
            err.println("aiops timeline: " + e.getMessage());
            return 2;
        }
        ClusterSnapshot snapshot;
        try {
            snapshot = source.read(dumpLimits.apply(sources), namespace == null ? List.of() : List.of(namespace), null);
        } catch (SnapshotException e) {
            err.println("aiops timeline: " + e.getMessage());
            return 2;
        }
        TimelineQuery query;
        try {
            if (back != null) {
                if (until != null || source.dump == null) {
                    Instant end = until != null ? time("--until", until)
                            : clock.instant().truncatedTo(ChronoUnit.SECONDS);
                    q.since(end.minus(back));
                } else {
                    q.last(back);
                }
            }
            if (around != null) {
                Subject a = locate(snapshot, Subject.parse(around, namespace));
                q.around(a.kind(), a.namespace(), a.name());
            }
            query = q.build();
        } catch (IllegalArgumentException e) {
            err.println("aiops timeline: " + e.getMessage());
            return 2;
        }
        Timeline t = TimelineBuilder.build(snapshot, query);
        switch (format) {
            case "json" -> out.println(TimelineJson.toPrettyString(t));
            case "markdown" -> out.print(TimelineText.markdown(t));
            default -> out.print(TimelineText.text(t, Terminal.colors()));
        }
        out.flush();
        if (!t.warnings().isEmpty() && !format.equals("text")) {
            t.warnings().forEach(w -> err.println("aiops timeline: warning: " + w));
        }
        return 0;
    }

    /** The namespace of an object given without one: the only namespace that holds it. */
    private static Subject locate(ClusterSnapshot s, Subject a) {
        if (a.namespace() != null || a.kind().equals("Node") || a.kind().equals("Namespace")) return a;
        TreeSet<String> namespaces = new TreeSet<>();
        for (JsonNode o : s.objects(a.kind())) {
            if (a.name().equals(K8s.name(o)) && K8s.namespace(o) != null) namespaces.add(K8s.namespace(o));
        }
        if (namespaces.size() == 1) return Subject.of(a.kind(), namespaces.first(), a.name());
        if (namespaces.isEmpty()) {
            throw new IllegalArgumentException("no " + a.kind() + " named " + a.name() + " in the snapshot; give its"
                    + " namespace with -n or as KIND/NAMESPACE/NAME");
        }
        throw new IllegalArgumentException(a.kind() + " " + a.name() + " exists in " + String.join(", ", namespaces)
                + "; give the namespace with -n or as KIND/NAMESPACE/NAME");
    }

    private static Duration duration(String option, String text) {
        try {
            Duration d = Durations.parse(text);
            if (d.isNegative()) throw new IllegalArgumentException("negative");
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " takes a duration like 500ms, 2s, 30m, 2h or 1d, not '"
                    + text + "'");
        }
    }

    private static Instant time(String option, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " takes an RFC 3339 time like 2026-12-07T10:00:00Z"
                    + (option.equals("--since") ? " or a duration like 2h" : "") + ", not '" + text + "'");
        }
    }
}
