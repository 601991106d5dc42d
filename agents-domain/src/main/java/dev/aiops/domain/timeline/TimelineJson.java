package dev.aiops.domain.timeline;

import dev.aiops.domain.timeline.TimelineEntry.Level;
import dev.aiops.domain.timeline.TimelineEntry.Source;
import dev.aiops.domain.timeline.TimelineEntry.Subject;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotWarning;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The incident-timeline v1 JSON of a {@link Timeline} (what {@code aiops timeline -o json} prints and
 * {@code timeline.build} returns), and back. Besides the contract's fields it writes {@code scope} (namespace and
 * around object), {@code omitted} (what lay outside the window: {@code beforeWindow}, {@code afterWindow},
 * {@code blankLogLines}, {@code undatedLogLines}) and, when some input could not be read, {@code warnings}.
 * Optional entry fields are written only when they say something: {@code count}, {@code firstTime} and
 * {@code lastTime} for a series, {@code timeUncertain} when true.
 */
public final class TimelineJson {

    public static final String SCHEMA_VERSION = "1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TimelineJson() {
    }

    public static ObjectNode toJson(Timeline t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("schemaVersion", SCHEMA_VERSION);
        o.put("generatedAt", t.generatedAt().toString());
        ObjectNode source = o.putObject("source").put("type", t.source().type());
        if (t.source().name() != null) source.put("name", t.source().name());
        ObjectNode window = o.putObject("window");
        if (t.windowStart() != null) window.put("start", t.windowStart().toString());
        if (t.windowEnd() != null) window.put("end", t.windowEnd().toString());
        o.put("clockSkewToleranceMs", t.clockSkew().toMillis());
        ObjectNode scope = o.putObject("scope");
        if (t.query().namespace() != null) scope.put("namespace", t.query().namespace());
        if (t.query().around() != null) scope.set("around", subject(t.query().around()));
        ArrayNode entries = o.putArray("entries");
        for (TimelineEntry e : t.entries()) entries.add(entry(e));
        ObjectNode markers = o.putObject("markers");
        Timeline.Markers m = t.markers();
        if (m.firstError() != null) markers.put("firstError", m.firstError());
        if (m.trigger() != null) markers.put("trigger", m.trigger());
        if (m.detection() != null) markers.put("detection", m.detection());
        if (m.recovery() != null) markers.put("recovery", m.recovery());
        Timeline.Omitted omitted = t.omitted();
        o.putObject("omitted").put("beforeWindow", omitted.beforeWindow()).put("afterWindow", omitted.afterWindow())
                .put("blankLogLines", omitted.blankLogLines()).put("undatedLogLines", omitted.undated());
        if (!t.warnings().isEmpty()) {
            ArrayNode w = o.putArray("warnings");
            t.warnings().forEach(x -> w.add(x.toString()));
        }
        return o;
    }

    public static String toPrettyString(Timeline t) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(t));
    }

    static ObjectNode entry(TimelineEntry e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", e.time().toString());
        o.put("source", e.source().label());
        o.set("object", subject(e.object()));
        o.put("level", e.level().label());
        if (e.reason() != null) o.put("reason", e.reason());
        o.put("text", e.text());
        if (e.count() > 1) o.put("count", e.count());
        if (e.firstTime() != null) o.put("firstTime", e.firstTime().toString());
        if (e.lastTime() != null) o.put("lastTime", e.lastTime().toString());
        if (e.correlationId() != null) o.put("correlationId", e.correlationId());
        if (e.timeUncertain()) o.put("timeUncertain", true);
        return o;
    }

    private static ObjectNode subject(Subject s) {
        ObjectNode o = JSON.createObjectNode().put("kind", s.kind());
        if (s.namespace() != null) o.put("namespace", s.namespace());
        o.put("name", s.name());
        if (s.container() != null) o.put("container", s.container());
        return o;
    }

    /**
     * A timeline from its JSON (as a skill returned it): the entries, markers, window, scope and counts. What the
     * JSON does not hold (the query's trigger lookback) takes its default.
     *
     * @throws IllegalArgumentException when a required field is missing or malformed
     */
    public static Timeline fromJson(JsonNode o) {
        try {
            JsonNode src = o.path("source");
            ClusterSnapshot.Source source = new ClusterSnapshot.Source(src.path("type").asString("dump"),
                    src.path("name").asString(null));
            TimelineQuery.Builder q = TimelineQuery.builder();
            JsonNode scope = o.path("scope");
            if (scope.hasNonNull("namespace")) q.namespace(scope.path("namespace").asString());
            JsonNode around = scope.path("around");
            if (around.isObject()) {
                q.around(around.path("kind").asString(), around.path("namespace").asString(null),
                        around.path("name").asString());
            }
            Instant start = instant(o.path("window").path("start"));
            Instant end = instant(o.path("window").path("end"));
            q.since(start).until(end);
            if (o.has("clockSkewToleranceMs")) q.clockSkew(Duration.ofMillis(o.path("clockSkewToleranceMs").asLong()));
            List<TimelineEntry> entries = new ArrayList<>();
            for (JsonNode e : o.path("entries")) entries.add(entry(e));
            JsonNode m = o.path("markers");
            Timeline.Markers markers = new Timeline.Markers(index(m, "firstError"), index(m, "trigger"),
                    index(m, "detection"), index(m, "recovery"));
            JsonNode om = o.path("omitted");
            Timeline.Omitted omitted = new Timeline.Omitted(om.path("beforeWindow").asInt(0),
                    om.path("afterWindow").asInt(0), om.path("blankLogLines").asInt(0),
                    om.path("undatedLogLines").asInt(0));
            List<SnapshotWarning> warnings = new ArrayList<>();
            for (JsonNode w : o.path("warnings")) {
                String text = w.asString();
                int colon = text.indexOf(": ");
                warnings.add(colon < 0 ? new SnapshotWarning(text, "") : new SnapshotWarning(text.substring(0, colon),
                        text.substring(colon + 2)));
            }
            Instant generatedAt = instant(o.path("generatedAt"));
            return new Timeline(source, generatedAt == null ? Instant.EPOCH : generatedAt, q.build(), start, end,
                    entries, markers, omitted, warnings);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) throw e;
            throw new IllegalArgumentException("not an incident-timeline v1 document: " + e.getMessage(), e);
        }
    }

    private static TimelineEntry entry(JsonNode e) {
        JsonNode obj = e.path("object");
        Subject s = new Subject(obj.path("kind").asString(), obj.path("namespace").asString(null),
                obj.path("name").asString(), obj.path("container").asString(null));
        return new TimelineEntry(Instant.parse(e.path("time").asString()), Source.parse(e.path("source").asString()),
                s, Level.parse(e.path("level").asString()), e.path("reason").asString(null), e.path("text").asString(),
                e.path("count").asInt(1), instant(e.path("firstTime")), instant(e.path("lastTime")),
                e.path("correlationId").asString(null), e.path("timeUncertain").asBoolean(false));
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : Instant.parse(n.asString());
    }

    private static Integer index(JsonNode markers, String name) {
        JsonNode n = markers.get(name);
        return n == null || n.isNull() ? null : n.asInt();
    }
}
