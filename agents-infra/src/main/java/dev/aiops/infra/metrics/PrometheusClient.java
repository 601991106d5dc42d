package dev.aiops.infra.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link MetricsSource} on the Prometheus HTTP API ({@code /api/v1/query}, {@code /api/v1/query_range}),
 * queried with form-encoded POSTs. Range queries are split into windows of at most
 * {@link PrometheusSettings#maxPointsPerChunk()} evaluation timestamps and each response is parsed as a token
 * stream straight into the {@link SeriesSink}, so memory does not grow with the window. Retryable failures
 * (unreachable, timeouts, HTTP 429 and 5xx, Prometheus' {@code timeout} and {@code unavailable}) are retried
 * with exponential backoff, a range chunk only while none of it has reached the sink. Thread-safe.
 */
public final class PrometheusClient implements MetricsSource {

    static final String QUERY = "/api/v1/query";
    static final String QUERY_RANGE = "/api/v1/query_range";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrometheusSettings settings;
    private final PrometheusHttp http;

    /** A client for the API {@code settings} describe; nothing is sent until the first query. */
    public PrometheusClient(PrometheusSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = new PrometheusHttp(settings);
    }

    /** The settings of this client. */
    public PrometheusSettings settings() {
        return settings;
    }

    @Override
    public InstantResult instant(String query, Instant time) throws MetricsException {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(time, "time");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", query);
        form.put("time", PromValues.seconds(time.toEpochMilli()).toPlainString());
        return http.post(QUERY, form, query, InstantResponseParser::parse, () -> true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Evaluation timestamps are {@code start}, {@code start + step}, ... up to {@code end}, at millisecond
     * precision; each is evaluated once: a chunk starts one step after the previous chunk's last timestamp.
     *
     * @throws IllegalArgumentException when {@code end} is before {@code start} or {@code step} is under 1ms
     */
    @Override
    public RangeSummary range(String query, Instant start, Instant end, Duration step, SeriesSink sink)
            throws MetricsException {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(sink, "sink");
        List<long[]> windows = windows(start.toEpochMilli(), end.toEpochMilli(), step,
                settings.maxPointsPerChunk());
        String stepText = PromValues.seconds(step.toMillis()).toPlainString();
        Set<String> warnings = new LinkedHashSet<>();
        long series = 0;
        long samples = 0;
        for (long[] w : windows) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("query", query);
            form.put("start", PromValues.seconds(w[0]).toPlainString());
            form.put("end", PromValues.seconds(w[1]).toPlainString());
            form.put("step", stepText);
            RangeResponseParser[] last = new RangeResponseParser[1];
            RangeResponseParser done = http.post(QUERY_RANGE, form, query, (body, exchange) -> {
                last[0] = new RangeResponseParser(sink, exchange);
                try (JsonParser p = JSON.createParser(body)) {
                    last[0].parse(p);
                }
                return last[0];
            }, () -> last[0] == null || !last[0].delivered());
            series += done.series();
            samples += done.samples();
            warnings.addAll(done.warnings());
        }
        return new RangeSummary(windows.size(), series, samples, step, new ArrayList<>(warnings));
    }

    /**
     * The chunked windows of a range, as {@code [start, end]} epoch milliseconds: at most {@code maxPoints}
     * evaluation timestamps each, the next starting one step after the previous one's last.
     */
    static List<long[]> windows(long startMillis, long endMillis, Duration step, int maxPoints) {
        Objects.requireNonNull(step, "step");
        long stepMillis = step.toMillis();
        if (stepMillis < 1) {
            throw new IllegalArgumentException("step must be at least 1ms: " + step);
        }
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("end is before start");
        }
        long points = (endMillis - startMillis) / stepMillis + 1;
        List<long[]> windows = new ArrayList<>();
        for (long first = 0; first < points; first += maxPoints) {
            long lastPoint = Math.min(points - 1, first + maxPoints - 1);
            windows.add(new long[] {startMillis + first * stepMillis, startMillis + lastPoint * stepMillis});
        }
        return windows;
    }

    /** {@code prometheus} and the base URL (which never holds credentials). */
    @Override
    public String describe() {
        return "prometheus " + http.base();
    }

    @Override
    public String toString() {
        return describe();
    }
}
