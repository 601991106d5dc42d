package dev.aiops.infra.metrics;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads one {@code query} response (an instant query: vector, matrix, scalar or string) as a tree. */
final class InstantResponseParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private InstantResponseParser() {
    }

    static InstantResult parse(InputStream body, Exchange exchange) throws MetricsException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.isObject()) {
            throw exchange.badResponse("not a JSON object");
        }
        String status = root.path("status").asString(null);
        if ("error".equals(status)) {
            throw exchange.queryError(root.path("errorType").asString(null), root.path("error").asString(null));
        }
        if (!"success".equals(status)) {
            throw exchange.badResponse(status == null ? "no \"status\"" : "status \"" + status + "\"");
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asString("");
        JsonNode result = data.path("result");
        List<InstantResult.Series> series = new ArrayList<>();
        switch (type) {
            case "vector", "matrix" -> {
                if (!result.isArray()) throw exchange.badResponse("\"result\" is not an array");
                for (JsonNode s : result) {
                    List<InstantResult.Sample> samples = new ArrayList<>();
                    if (type.equals("vector")) {
                        samples.add(sample(s.path("value"), exchange));
                    } else {
                        for (JsonNode v : s.path("values")) samples.add(sample(v, exchange));
                    }
                    series.add(new InstantResult.Series(labels(s.path("metric")), samples));
                }
            }
            case "scalar" -> series.add(new InstantResult.Series(Map.of(), List.of(sample(result, exchange))));
            case "string" -> {
                if (!result.isArray() || result.size() != 2) throw exchange.badResponse("a string is not [time, text]");
                series.add(new InstantResult.Series(Map.of("value", result.get(1).asString("")),
                        List.of(new InstantResult.Sample(millis(result.get(0), exchange), Double.NaN))));
            }
            default -> throw exchange.badResponse("resultType \"" + type + "\"");
        }
        List<String> warnings = new ArrayList<>();
        for (JsonNode w : root.path("warnings")) warnings.add(w.asString(""));
        return new InstantResult(type, series, warnings.stream().distinct().toList());
    }

    private static InstantResult.Sample sample(JsonNode pair, Exchange exchange) throws MetricsException {
        if (!pair.isArray() || pair.size() != 2) {
            throw exchange.badResponse("a sample is not a [time, value] pair");
        }
        JsonNode v = pair.get(1);
        if (!v.isString() && !v.isNumber()) {
            throw exchange.badResponse("a sample's value is not a string");
        }
        try {
            double value = v.isString() ? PromValues.parse(v.asString()) : v.asDouble();
            return new InstantResult.Sample(millis(pair.get(0), exchange), value);
        } catch (NumberFormatException e) {
            throw exchange.badResponse("a sample's value is not a number: " + v);
        }
    }

    private static long millis(JsonNode t, Exchange exchange) throws MetricsException {
        if (!t.isNumber()) throw exchange.badResponse("a sample's timestamp is not a number");
        return t.isIntegralNumber() ? t.asLong() * 1000 : PromValues.millis(t.asDouble());
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new LinkedHashMap<>();
        metric.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        return labels;
    }
}
