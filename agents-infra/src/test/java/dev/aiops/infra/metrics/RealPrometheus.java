package dev.aiops.infra.metrics;

import dev.aiops.infra.metrics.testing.OpenMetricsWriter;
import dev.aiops.infra.metrics.testing.PrometheusServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The data the tests backfill into a real Prometheus: two pods over two days, one sample a minute, ending
 * {@link PrometheusServer#latestBackfillEnd()}. {@code memory_bytes} is {@code 1000 + i} for web-0 and
 * {@code 2000 + 2i} for web-1 (i = minutes since the start); the counter {@code http_requests_total} grows by 10 a
 * minute, and web-1's resets to 0 halfway.
 */
final class RealPrometheus implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    static final int MINUTES = 2 * 24 * 60;
    static final int RESET_AT = MINUTES / 2;

    final Instant end = PrometheusServer.latestBackfillEnd();
    final Instant start = end.minus(INTERVAL.multipliedBy(MINUTES));
    final PrometheusServer server;

    private RealPrometheus(Path dir) throws IOException {
        Path file = dir.resolve("backfill.om");
        try (OpenMetricsWriter w = OpenMetricsWriter.create(file)) {
            w.family("memory_bytes", OpenMetricsWriter.Type.GAUGE);
            for (int i = 0; i <= MINUTES; i++) {
                w.sample(Map.of("pod", "web-0"), at(i), memory(0, i));
                w.sample(Map.of("pod", "web-1"), at(i), memory(1, i));
            }
            w.family("http_requests", OpenMetricsWriter.Type.COUNTER);
            for (int i = 0; i <= MINUTES; i++) {
                w.sample(Map.of("pod", "web-0"), at(i), requests(0, i));
                w.sample(Map.of("pod", "web-1"), at(i), requests(1, i));
            }
        }
        server = PrometheusServer.start(file, dir.resolve("prometheus"));
    }

    /** Backfills the data and starts Prometheus on it; fails (never skips) when Prometheus is not installed. */
    static RealPrometheus start(Path dir) throws IOException {
        return new RealPrometheus(dir);
    }

    long at(int minute) {
        return start.getEpochSecond() + minute * INTERVAL.toSeconds();
    }

    static double memory(int pod, int minute) {
        return pod == 0 ? 1000 + minute : 2000 + 2.0 * minute;
    }

    static double requests(int pod, int minute) {
        return pod == 1 && minute >= RESET_AT ? 10.0 * (minute - RESET_AT) : 10.0 * minute;
    }

    PrometheusClient client(int maxPointsPerChunk) {
        return new PrometheusClient(PrometheusSettings.of(server.url()).withMaxPointsPerChunk(maxPointsPerChunk));
    }

    @Override
    public void close() {
        server.close();
    }
}
