package dev.aiops.infra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.infra.metrics.testing.OpenMetricsWriter;
import dev.aiops.infra.metrics.testing.PrometheusServer;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test harness' OpenMetrics writer: the text promtool backfills, and the orders it refuses. */
class PrometheusOpenMetricsWriterTest {

    @Test
    void writesFamiliesInOnePieceAndEndsWithEof() throws Exception {
        StringWriter text = new StringWriter();
        try (OpenMetricsWriter w = new OpenMetricsWriter(text)) {
            w.family("http_requests", OpenMetricsWriter.Type.COUNTER)
                    .sample(Map.of("pod", "a", "ns", "x"), 100, 1)
                    .sample(Map.of("pod", "b", "ns", "x"), 100, 2)
                    .sample(Map.of("pod", "a", "ns", "x"), 160, 3.5);
            w.family("temp", OpenMetricsWriter.Type.GAUGE)
                    .sample(Map.of(), 100, Double.NaN)
                    .sample(Map.of("q", "say \"hi\"\\\n"), 100, Double.NEGATIVE_INFINITY);
            w.family("bytes_total", OpenMetricsWriter.Type.COUNTER).sample(Map.of(), 1, Double.POSITIVE_INFINITY);
            assertThat(w.samples()).isEqualTo(6);
        }

        assertThat(text.toString()).isEqualTo("""
                # TYPE http_requests counter
                http_requests_total{ns="x",pod="a"} 1.0 100
                http_requests_total{ns="x",pod="b"} 2.0 100
                http_requests_total{ns="x",pod="a"} 3.5 160
                # TYPE temp gauge
                temp NaN 100
                temp{q="say \\"hi\\"\\\\\\n"} -Inf 100
                # TYPE bytes counter
                bytes_total +Inf 1
                # EOF
                """);
    }

    @Test
    void refusesWhatPromtoolWouldRefuse() {
        OpenMetricsWriter w = new OpenMetricsWriter(new StringWriter());

        assertThatThrownBy(() -> w.sample(Map.of(), 1, 1)).hasMessageContaining("family(...)");
        w.family("g", OpenMetricsWriter.Type.GAUGE).sample(Map.of("a", "1"), 10, 1);
        assertThatThrownBy(() -> w.sample(Map.of("a", "1"), 10, 1)).hasMessageContaining("not after");
        w.family("h", OpenMetricsWriter.Type.GAUGE);
        assertThatThrownBy(() -> w.family("g", OpenMetricsWriter.Type.GAUGE)).hasMessageContaining("written before");
        assertThatThrownBy(() -> w.family("1x", OpenMetricsWriter.Type.GAUGE)).hasMessageContaining("metric name");
        assertThatThrownBy(() -> w.sample(Map.of("__name__", "x"), 1, 1)).hasMessageContaining("label name");
        assertThatThrownBy(() -> w.sample(Map.of("a-b", "x"), 1, 1)).hasMessageContaining("label name");
    }

    @Test
    void backfilledDataEndsAtLeastThreeHoursAgo() {
        Instant end = PrometheusServer.latestBackfillEnd();

        assertThat(Duration.between(end, Instant.now())).isGreaterThanOrEqualTo(Duration.ofHours(3))
                .isLessThan(Duration.ofHours(4));
        assertThat(PrometheusServer.available()).as(PrometheusServer.INSTALL_HINT).isTrue();
    }
}
