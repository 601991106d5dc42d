package dev.aiops.infra.metrics;

import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.SkillException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Binds the skills of {@code skills/prometheus-metrics.yaml} ({@code metrics.query}, {@code metrics.range}) to a
 * {@link MetricsSource}. Outputs carry series as Prometheus writes them: {@code {"metric":{labels},
 * "values":[[epochSeconds, "value"], ...]}} with values as strings ({@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}
 * included). A range's chunks are merged: one entry per series. An input the skill cannot use and a query
 * Prometheus refuses fail without retry; an unreachable or overloaded Prometheus fails as retryable.
 */
public final class MetricsSkills {

    /** The instant-query skill. */
    public static final String QUERY = "metrics.query";
    /** The range-query skill. */
    public static final String RANGE = "metrics.range";

    private static final Pattern STEP = Pattern.compile("^([0-9]+)([smh])$");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MetricsSkills() {
    }

    /** Binds {@code metrics.query} and {@code metrics.range} to {@code source}. */
    public static AgentRuntime.Builder bind(AgentRuntime.Builder runtime, MetricsSource source) {
        Objects.requireNonNull(source, "source");
        return runtime
                .bind(QUERY, call -> query(source, call.input()))
                .bind(RANGE, call -> range(source, call.input()));
    }

    /**
     * The input of a {@code metrics.range} call, for callers that read metrics through the runtime.
     *
     * @throws IllegalArgumentException when {@code step} is not a whole number of seconds of at least 1s
     */
    public static ObjectNode rangeInput(String query, Instant start, Instant end, Duration step) {
        if (step.isNegative() || step.isZero() || step.getNano() != 0) {
            throw new IllegalArgumentException("step must be a whole number of seconds, at least 1s: " + step);
        }
        ObjectNode in = NODES.objectNode();
        in.put("query", query);
        in.put("start", start.toString());
        in.put("end", end.toString());
        in.put("step", step.getSeconds() + "s");
        return in;
    }

    /**
     * Replays the output of a {@code metrics.range} call into {@code sink}, series by series, oldest sample first.
     *
     * @return what was replayed, as one chunk; the step is the output's, or zero when it has none
     * @throws MetricsException ({@link MetricsException.Kind#BAD_RESPONSE}) when {@code output} is not shaped
     *                          like a {@code metrics.range} output
     */
    public static RangeSummary parseRangeOutput(JsonNode output, SeriesSink sink) throws MetricsException {
        Objects.requireNonNull(sink, "sink");
        if (output == null || !output.path("series").isArray()) {
            throw badOutput("no \"series\" array");
        }
        long series = 0;
        long samples = 0;
        for (JsonNode s : output.get("series")) {
            Map<String, String> labels = new LinkedHashMap<>();
            s.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
            if (!s.path("values").isArray()) throw badOutput("a series without a \"values\" array");
            series++;
            SeriesSink.SampleConsumer c = sink.series(Collections.unmodifiableMap(labels));
            for (JsonNode v : s.get("values")) {
                if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isString()) {
                    throw badOutput("a sample is not [epochSeconds, \"value\"]: " + v);
                }
                if (c == null) continue;
                try {
                    c.accept(v.get(0).decimalValue().movePointRight(3).setScale(0, RoundingMode.HALF_UP)
                            .longValueExact(), PromValues.parse(v.get(1).asString()));
                } catch (NumberFormatException | ArithmeticException e) {
                    throw badOutput("a sample is not [epochSeconds, \"value\"]: " + v);
                }
                samples++;
            }
        }
        List<String> warnings = new ArrayList<>();
        for (JsonNode w : output.path("warnings")) warnings.add(w.asString(""));
        Duration step = Duration.ZERO;
        if (output.path("step").isString()) {
            try {
                step = step(output.get("step").asString());
            } catch (SkillException e) {
                throw badOutput(e.getMessage());
            }
        }
        return new RangeSummary(1, series, samples, step, warnings.stream().distinct().toList());
    }

    static JsonNode query(MetricsSource source, JsonNode in) throws SkillException {
        String query = in.path("query").asString();
        Instant time = in.has("time") ? time(in.get("time").asString(), "time") : Instant.now();
        InstantResult result;
        try {
            result = source.instant(query, time);
        } catch (MetricsException e) {
            throw new SkillException(e.getMessage(), e.retryable(), e);
        }
        ObjectNode out = NODES.objectNode();
        out.put("resultType", result.resultType());
        ArrayNode series = out.putArray("series");
        boolean string = result.resultType().equals("string");
        for (InstantResult.Series s : result.series()) {
            ObjectNode entry = series.addObject();
            ObjectNode metric = entry.putObject("metric");
            if (!string) new TreeMap<>(s.labels()).forEach(metric::put);
            ArrayNode values = entry.putArray("values");
            for (InstantResult.Sample sample : s.samples()) {
                values.addArray().add(seconds(sample.epochMillis()))
                        .add(string ? s.labels().getOrDefault("value", "") : PromValues.format(sample.value()));
            }
        }
        result.warnings().forEach(out.putArray("warnings")::add);
        return out;
    }

    static JsonNode range(MetricsSource source, JsonNode in) throws SkillException {
        String query = in.path("query").asString();
        Instant start = time(in.path("start").asString(), "start");
        Instant end = time(in.path("end").asString(), "end");
        Duration step = step(in.path("step").asString());
        if (end.isBefore(start)) {
            throw new SkillException("end " + end + " is before start " + start, false);
        }
        Map<Map<String, String>, ArrayNode> merged = new LinkedHashMap<>();
        ObjectNode out = NODES.objectNode();
        ArrayNode series = out.putArray("series");
        RangeSummary summary;
        try {
            summary = source.range(query, start, end, step, labels -> {
                ArrayNode values = merged.computeIfAbsent(labels, l -> {
                    ObjectNode entry = series.addObject();
                    new TreeMap<>(l).forEach(entry.putObject("metric")::put);
                    return entry.putArray("values");
                });
                return (millis, value) -> values.addArray().add(seconds(millis)).add(PromValues.format(value));
            });
        } catch (MetricsException e) {
            throw new SkillException(e.getMessage(), e.retryable(), e);
        }
        summary.warnings().forEach(out.putArray("warnings")::add);
        out.put("step", step.getSeconds() + "s");
        return out;
    }

    /** A step of the descriptor's pattern ({@code 30s}, {@code 5m}, {@code 1h}), at least one second. */
    static Duration step(String text) throws SkillException {
        Matcher m = STEP.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new SkillException("step '" + text + "' is not a number of seconds, minutes or hours (30s, 5m, 1h)",
                    false);
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new SkillException("step '" + text + "' is too large", false);
        }
        Duration step = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(Math.min(n, Long.MAX_VALUE / 60));
            default -> Duration.ofHours(Math.min(n, Long.MAX_VALUE / 3600));
        };
        if (step.isZero()) {
            throw new SkillException("step '" + text + "' must be at least 1s", false);
        }
        if (step.compareTo(Duration.ofDays(365)) > 0) {
            throw new SkillException("step '" + text + "' is longer than a year", false);
        }
        return step;
    }

    /** An RFC 3339 time ({@code 2024-05-01T12:00:00Z}, {@code 2024-05-01T14:00:00.5+02:00}). */
    static Instant time(String text, String field) throws SkillException {
        try {
            return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw new SkillException(field + " '" + text + "' is not an RFC 3339 time (2024-05-01T12:00:00Z)", false);
        }
    }

    private static BigDecimal seconds(long epochMillis) {
        return PromValues.seconds(epochMillis);
    }

    private static MetricsException badOutput(String why) {
        return new MetricsException(MetricsException.Kind.BAD_RESPONSE, "not a metrics.range output: " + why, false);
    }
}
