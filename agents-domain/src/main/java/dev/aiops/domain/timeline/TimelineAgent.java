package dev.aiops.domain.timeline;

import dev.aiops.core.runtime.SkillException;
import dev.aiops.core.runtime.SkillHandler;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Binds {@code timeline.build}: events and container transitions (starts, terminations with reason and exit code)
 * of a time window, in one ordered list. A first version: log lines, clock-skew handling and trigger marking are
 * still to come.
 */
public final class TimelineAgent {

    public static final String SKILL = "timeline.build";

    /** One entry: when, about which object, what happened, and where it was read. */
    public record Entry(Instant time, String object, String text, String source) {
    }

    private TimelineAgent() {
    }

    public static SkillHandler handler(Supplier<ClusterSnapshot> cluster) {
        return call -> {
            JsonNode in = call.input();
            Instant since;
            Instant until;
            try {
                since = Instant.parse(in.path("since").asString());
                until = in.hasNonNull("until") ? Instant.parse(in.path("until").asString()) : Instant.MAX;
            } catch (DateTimeParseException e) {
                throw new SkillException("since and until are RFC 3339 times: " + e.getMessage(), false);
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            ArrayNode entries = out.putArray("entries");
            for (Entry e : build(cluster.get(), in.path("namespace").asString(null), since, until)) {
                entries.addObject().put("time", e.time().toString()).put("object", e.object()).put("text", e.text())
                        .put("source", e.source());
            }
            return out;
        };
    }

    /** The entries of {@code namespace} (all when null) between {@code since} and {@code until}, oldest first. */
    public static List<Entry> build(ClusterSnapshot s, String namespace, Instant since, Instant until) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode e : namespace == null ? s.objects("Event") : s.objects("Event", namespace)) {
            Instant t = time(e, "lastTimestamp", "eventTime", "firstTimestamp");
            String object = K8s.text(e, "involvedObject", "kind") + " " + K8s.text(e, "involvedObject", "namespace")
                    + "/" + K8s.text(e, "involvedObject", "name");
            int count = e.path("count").asInt(e.path("series").path("count").asInt(1));
            add(out, t, object, e.path("type").asString("Normal") + " " + e.path("reason").asString("") + ": "
                    + e.path("message").asString("").strip() + (count > 1 ? " (x" + count + ")" : ""), "event",
                    since, until);
        }
        for (JsonNode p : namespace == null ? s.objects("Pod") : s.objects("Pod", namespace)) {
            String object = "Pod " + K8s.namespace(p) + "/" + K8s.name(p);
            for (JsonNode cs : p.path("status").path("containerStatuses")) {
                String c = cs.path("name").asString();
                JsonNode last = cs.path("lastState").path("terminated");
                if (last.isObject()) {
                    add(out, time(last, "finishedAt"), object, "container " + c + " terminated: "
                            + last.path("reason").asString("?") + ", exit code " + last.path("exitCode").asInt(),
                            "status", since, until);
                }
                JsonNode running = cs.path("state").path("running");
                if (running.isObject()) {
                    add(out, time(running, "startedAt"), object, "container " + c + " started (restart "
                            + cs.path("restartCount").asInt(0) + ")", "status", since, until);
                }
            }
        }
        out.sort(Comparator.comparing(Entry::time));
        return out;
    }

    private static void add(List<Entry> out, Instant t, String object, String text, String source, Instant since,
                            Instant until) {
        if (t != null && !t.isBefore(since) && !t.isAfter(until)) {
            out.add(new Entry(t, object, text, source));
        }
    }

    private static Instant time(JsonNode n, String... fields) {
        for (String f : fields) {
            String v = n.path(f).asString(null);
            if (v != null && !v.isEmpty()) {
                try {
                    return Instant.parse(v);
                } catch (DateTimeParseException e) {
                    // try the next field
                }
            }
        }
        return null;
    }
}
