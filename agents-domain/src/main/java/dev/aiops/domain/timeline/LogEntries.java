package dev.aiops.domain.timeline;

import static dev.aiops.domain.timeline.TimeScanner.NONE;

import dev.aiops.domain.timeline.TimelineEntry.Level;
import dev.aiops.domain.timeline.TimelineEntry.Source;
import dev.aiops.domain.timeline.TimelineEntry.Subject;
import dev.aiops.infra.k8s.K8s;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The log lines of a run of pods as entries (see {@link LogLineParser} for the formats). A line whose time cannot be
 * read is kept with {@code timeUncertain}, at the time of the previous line of its container that has one (lines
 * before the first such line: at the next one; a container none of whose lines has a time: at the container's
 * start, else its pod's); it then sorts right after that line. Lines of one container share a clock; the clocks
 * of different containers, even on one node, are not trusted to agree. Blank lines are counted, not kept. What
 * {@code kubectl cluster-info dump} writes in place of a log it could not read ({@code Request log error: ...}) is
 * kept at info level with reason {@code LogUnavailable}: it is not the container speaking.
 */
final class LogEntries {

    static final String PREVIOUS = " (previous)";
    private static final String UNAVAILABLE = "Request log error: ";

    private final LogLineParser parser = new LogLineParser();
    private final long reference;

    /** @param reference for times without a year when the container's start is unknown: the snapshot's time */
    LogEntries(long reference) {
        this.reference = reference;
    }

    /** Reads the logs of {@code pods} (each with its logs, container to lines) into {@code w}. */
    void read(List<JsonNode> pods, List<Map<String, List<String>>> logs, Window w) {
        for (int i = 0; i < pods.size(); i++) {
            JsonNode pod = pods.get(i);
            String ns = K8s.namespace(pod);
            String name = K8s.name(pod);
            long podStart = TimeScanner.instant(K8s.text(pod, "status", "startTime"));
            if (podStart == NONE) podStart = TimeScanner.instant(K8s.text(pod.path("metadata"), "creationTimestamp",
                    null));
            for (Map.Entry<String, List<String>> c : logs.get(i).entrySet()) {
                boolean previous = c.getKey().endsWith(PREVIOUS);
                String container = previous ? c.getKey().substring(0, c.getKey().length() - PREVIOUS.length())
                        : c.getKey();
                long start = containerStart(pod, container, previous);
                container(c.getValue(), new Subject("Pod", ns, name, container), "log@" + ns + "/" + name + "/"
                        + container, start, podStart, w);
            }
        }
    }

    /** When the container (or its previous instance) started, from the pod's status; NONE when not recorded. */
    static long containerStart(JsonNode pod, String container, boolean previous) {
        for (String list : new String[] {"containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"}) {
            for (JsonNode cs : K8s.list(pod.path("status").get(list))) {
                if (!container.equals(K8s.text(cs, "name", null))) continue;
                JsonNode state = previous ? cs.path("lastState") : cs.path("state");
                long t = TimeScanner.instant(K8s.text(state, "running", "startedAt"));
                return t != NONE ? t : TimeScanner.instant(K8s.text(state, "terminated", "startedAt"));
            }
        }
        return NONE;
    }

    private void container(List<String> lines, Subject object, String clock, long start, long podStart, Window w) {
        long ref = start != NONE ? start : reference;
        boolean refIsStart = start != NONE;
        long previous = NONE;
        int pending = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                w.blankLogLines++;
                continue;
            }
            long t = parser.time(line, ref, refIsStart);
            if (t != NONE) {
                if (pending >= 0) {
                    placed(lines, pending, i, t, object, clock, ref, refIsStart, w);
                    pending = -1;
                    parser.time(line, ref, refIsStart);
                }
                if (w.admits(t)) add(line, t, false, object, clock, w);
                previous = t;
            } else if (previous != NONE) {
                if (w.admits(previous)) add(line, previous, true, object, clock, w);
            } else if (pending < 0) {
                pending = i;
            }
        }
        if (pending >= 0) {
            long at = start != NONE ? start : podStart;
            if (at == NONE) {
                for (int i = pending; i < lines.size(); i++) {
                    if (!lines.get(i).isBlank()) w.undated++;
                }
            } else {
                placed(lines, pending, lines.size(), at, object, clock, ref, refIsStart, w);
            }
        }
    }

    /** Lines {@code from} to {@code to} (exclusive) have no time of their own: they are placed at {@code at}. */
    private void placed(List<String> lines, int from, int to, long at, Subject object, String clock, long ref,
                        boolean refIsStart, Window w) {
        for (int k = from; k < to; k++) {
            String line = lines.get(k);
            if (line.isBlank()) continue;
            if (!w.admits(at)) continue;
            parser.time(line, ref, refIsStart);
            add(line, at, true, object, clock, w);
        }
    }

    private void add(String line, long t, boolean uncertain, Subject object, String clock, Window w) {
        parser.details(line);
        // kubectl cluster-info dump writes why it could not read a log in place of the log: not the container's words
        boolean unavailable = line.startsWith(UNAVAILABLE);
        Draft d = new Draft(t, Source.LOG, object, unavailable ? Level.INFO : parser.level,
                unavailable ? "LogUnavailable" : null, line, clock);
        d.correlationId = parser.correlationId;
        d.uncertain = uncertain;
        w.add(d);
    }
}
