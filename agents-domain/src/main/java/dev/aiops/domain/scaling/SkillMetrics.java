package dev.aiops.domain.scaling;

import dev.aiops.core.runtime.ErrorCode;
import dev.aiops.core.runtime.InvocationResult;
import dev.aiops.core.runtime.SkillCall;
import dev.aiops.infra.metrics.InstantResult;
import dev.aiops.infra.metrics.MetricsException;
import dev.aiops.infra.metrics.MetricsSkills;
import dev.aiops.infra.metrics.MetricsSource;
import dev.aiops.infra.metrics.RangeSummary;
import dev.aiops.infra.metrics.SeriesSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Metrics read through the {@code metrics.query} and {@code metrics.range} skills, so the graph's rules hold for
 * them: the advisor's chunks become skill calls of bounded size, each consumed and dropped before the next.
 */
final class SkillMetrics implements MetricsSource {

    private final SkillCall call;

    SkillMetrics(SkillCall call) {
        this.call = call;
    }

    @Override
    public InstantResult instant(String query, Instant time) throws MetricsException {
        JsonNode out = invoke(MetricsSkills.QUERY, JsonNodeFactory.instance.objectNode().put("query", query)
                .put("time", time.toString()));
        List<InstantResult.Series> series = new ArrayList<>();
        for (JsonNode s : out.path("series")) {
            List<InstantResult.Sample> samples = new ArrayList<>();
            each(s, (t, v) -> samples.add(new InstantResult.Sample(t, v)));
            series.add(new InstantResult.Series(labels(s), samples));
        }
        return new InstantResult(out.path("resultType").asString("vector"), series, warnings(out));
    }

    @Override
    public RangeSummary range(String query, Instant start, Instant end, Duration step, SeriesSink sink)
            throws MetricsException {
        return MetricsSkills.parseRangeOutput(invoke(MetricsSkills.RANGE,
                MetricsSkills.rangeInput(query, start, end, step)), sink);
    }

    @Override
    public String describe() {
        return "skill metrics.range";
    }

    private JsonNode invoke(String skill, JsonNode input) throws MetricsException {
        InvocationResult r = call.invoke(skill, input);
        if (r.isSuccess()) return r.output();
        MetricsException.Kind kind = r.error() == ErrorCode.TIMEOUT ? MetricsException.Kind.TIMEOUT
                : r.error() == ErrorCode.HANDLER_ERROR ? MetricsException.Kind.QUERY
                : MetricsException.Kind.UNREACHABLE;
        throw new MetricsException(kind, skill + " failed (" + r.error() + "): " + r.message(), false);
    }

    private static Map<String, String> labels(JsonNode series) {
        Map<String, String> out = new LinkedHashMap<>();
        series.path("metric").properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }

    private static void each(JsonNode series, SeriesSink.SampleConsumer c) {
        JsonNode values = series.has("values") ? series.get("values") : series.path("value").isArray()
                ? JsonNodeFactory.instance.arrayNode().add(series.get("value")) : series.path("values");
        for (JsonNode v : values) {
            c.accept(Math.round(v.path(0).asDouble() * 1000), value(v.path(1)));
        }
    }

    private static double value(JsonNode v) {
        if (v.isNumber()) return v.asDouble();
        return switch (v.asString("NaN")) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(v.asString());
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    private static List<String> warnings(JsonNode out) {
        List<String> w = new ArrayList<>();
        out.path("warnings").forEach(n -> w.add(n.asString()));
        return w;
    }
}
