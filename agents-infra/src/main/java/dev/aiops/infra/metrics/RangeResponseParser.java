package dev.aiops.infra.metrics;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads one {@code query_range} response as a token stream, handing each series and sample to a sink as it is
 * read: no tree, no list of samples. The top-level properties may come in any order ({@code data} before or after
 * {@code status}); a series' {@code values} before its {@code metric} are held until the labels are known (Prometheus
 * itself always writes the labels first). Native-histogram samples ({@code histograms}) are skipped.
 */
final class RangeResponseParser {

    private final SeriesSink sink;
    private final Exchange exchange;
    private final Set<String> warnings = new LinkedHashSet<>();
    private long series;
    private long samples;

    RangeResponseParser(SeriesSink sink, Exchange exchange) {
        this.sink = sink;
        this.exchange = exchange;
    }

    /** Series handed to the sink so far. */
    long series() {
        return series;
    }

    /** Samples handed to the sink so far. */
    long samples() {
        return samples;
    }

    /** The response's {@code warnings}, each once. */
    Set<String> warnings() {
        return warnings;
    }

    /** Whether the sink has seen anything of this response (then it must not be read again). */
    boolean delivered() {
        return series > 0;
    }

    /** Reads the whole response; throws for an error answer or a body that is not a range response. */
    void parse(JsonParser p) throws MetricsException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw exchange.badResponse("not a JSON object");
        }
        String status = null;
        String errorType = null;
        String error = null;
        boolean data = false;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "status" -> status = text(p, t);
                case "errorType" -> errorType = text(p, t);
                case "error" -> error = text(p, t);
                case "warnings" -> strings(p, t);
                case "data" -> data = data(p, t);
                default -> p.skipChildren();
            }
        }
        if ("error".equals(status)) {
            throw exchange.queryError(errorType, error);
        }
        if (!"success".equals(status)) {
            throw exchange.badResponse(status == null ? "no \"status\"" : "status \"" + status + "\"");
        }
        if (!data) {
            throw exchange.badResponse("no \"data\"");
        }
    }

    private boolean data(JsonParser p, JsonToken t) throws MetricsException {
        if (t == JsonToken.VALUE_NULL) return false;
        if (t != JsonToken.START_OBJECT) throw exchange.badResponse("\"data\" is not an object");
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("resultType")) {
                String type = text(p, v);
                if (!"matrix".equals(type)) throw exchange.badResponse("resultType \"" + type + "\", not matrix");
            } else if (name.equals("result") && v == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    series(p);
                }
            } else if (name.equals("result") && v != JsonToken.VALUE_NULL) {
                throw exchange.badResponse("\"result\" is not an array");
            } else {
                p.skipChildren();
            }
        }
        return true;
    }

    private void series(JsonParser p) throws MetricsException {
        Map<String, String> labels = null;
        Held held = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("metric") && t == JsonToken.START_OBJECT) {
                labels = labels(p);
                if (held != null) held.replay(begin(labels));
            } else if (name.equals("values") && t == JsonToken.START_ARRAY) {
                if (labels == null) {
                    held = new Held();
                    values(p, held::add);
                } else {
                    SeriesSink.SampleConsumer c = begin(labels);
                    values(p, c);
                }
            } else {
                p.skipChildren();
            }
        }
        if (labels == null && held != null) held.replay(begin(Map.of()));
    }

    private SeriesSink.SampleConsumer begin(Map<String, String> labels) {
        series++;
        SeriesSink.SampleConsumer c = sink.series(labels);
        return c == null ? null : (millis, value) -> {
            samples++;
            c.accept(millis, value);
        };
    }

    /** Reads {@code [[t, "v"], ...]} (the opening bracket already read), each sample to {@code c} unless null. */
    private void values(JsonParser p, SeriesSink.SampleConsumer c) throws MetricsException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
            JsonToken ts = p.nextToken();
            if (ts != JsonToken.VALUE_NUMBER_INT && ts != JsonToken.VALUE_NUMBER_FLOAT) {
                throw exchange.badResponse("a sample's timestamp is not a number");
            }
            long millis = ts == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() * 1000
                    : PromValues.millis(p.getDoubleValue());
            JsonToken v = p.nextToken();
            double value;
            if (v == JsonToken.VALUE_STRING) {
                try {
                    value = PromValues.parse(p.getString());
                } catch (NumberFormatException e) {
                    throw exchange.badResponse("a sample's value is not a number: " + p.getString());
                }
            } else if (v != null && v.isNumeric()) {
                value = p.getDoubleValue();
            } else {
                throw exchange.badResponse("a sample's value is not a string");
            }
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw exchange.badResponse("a sample is not a [time, value] pair");
            }
            if (c != null) c.accept(millis, value);
        }
        if (t != JsonToken.END_ARRAY) throw exchange.badResponse("\"values\" holds something other than samples");
    }

    private Map<String, String> labels(JsonParser p) {
        Map<String, String> labels = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            p.nextToken();
            labels.put(name, p.getValueAsString(""));
        }
        return Collections.unmodifiableMap(labels);
    }

    private void strings(JsonParser p, JsonToken t) throws MetricsException {
        if (t == JsonToken.VALUE_NULL) return;
        if (t != JsonToken.START_ARRAY) throw exchange.badResponse("\"warnings\" is not an array");
        while (p.nextToken() != JsonToken.END_ARRAY) {
            warnings.add(p.getValueAsString(""));
            p.skipChildren();
        }
    }

    private String text(JsonParser p, JsonToken t) {
        if (t.isStructStart()) {
            p.skipChildren();
            return null;
        }
        return p.getValueAsString(null);
    }

    /** Samples read before their series' labels, replayed once the labels are known. */
    private static final class Held {
        private long[] times = new long[16];
        private double[] values = new double[16];
        private int size;

        void add(long millis, double value) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            times[size] = millis;
            values[size++] = value;
        }

        void replay(SeriesSink.SampleConsumer c) {
            if (c == null) return;
            for (int i = 0; i < size; i++) c.accept(times[i], values[i]);
        }
    }
}
