package dev.aiops.infra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aiops.infra.metrics.MetricsException.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real Prometheus serving backfilled data ({@link RealPrometheus}). */
class PrometheusClientTest {

    @TempDir
    static Path dir;
    private static RealPrometheus prometheus;

    @BeforeAll
    static void startPrometheus() throws Exception {
        prometheus = RealPrometheus.start(dir);
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) prometheus.close();
    }

    @Test
    void anInstantVectorQuery() throws Exception {
        InstantResult r = prometheus.client(1000).instant("memory_bytes", prometheus.end);

        assertThat(r.resultType()).isEqualTo("vector");
        Map<String, Double> byPod = new TreeMap<>();
        for (InstantResult.Series s : r.series()) {
            assertThat(s.labels()).containsEntry("__name__", "memory_bytes");
            assertThat(s.samples()).singleElement()
                    .satisfies(x -> assertThat(x.epochMillis()).isEqualTo(prometheus.end.toEpochMilli()));
            byPod.put(s.labels().get("pod"), s.samples().get(0).value());
        }
        assertThat(byPod).containsExactly(Map.entry("web-0", RealPrometheus.memory(0, RealPrometheus.MINUTES)),
                Map.entry("web-1", RealPrometheus.memory(1, RealPrometheus.MINUTES)));
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void anInstantMatrixQueryReturnsTheRawSamples() throws Exception {
        InstantResult r = prometheus.client(1000).instant("memory_bytes{pod=\"web-1\"}[4m30s]", prometheus.end);

        assertThat(r.resultType()).isEqualTo("matrix");
        assertThat(r.series()).singleElement().satisfies(s -> {
            List<Long> seconds = s.samples().stream().map(x -> x.epochMillis() / 1000).toList();
            int last = RealPrometheus.MINUTES;
            assertThat(seconds).containsExactly(prometheus.at(last - 4), prometheus.at(last - 3),
                    prometheus.at(last - 2), prometheus.at(last - 1), prometheus.at(last));
            assertThat(s.samples().get(4).value()).isEqualTo(RealPrometheus.memory(1, last));
        });
    }

    @Test
    void scalarsAndStrings() throws Exception {
        PrometheusClient client = prometheus.client(1000);

        InstantResult scalar = client.instant("-1/0", prometheus.end);
        InstantResult string = client.instant("\"hello\"", prometheus.end);
        InstantResult none = client.instant("memory_bytes", prometheus.start.minus(Duration.ofDays(1)));

        assertThat(scalar.resultType()).isEqualTo("scalar");
        assertThat(scalar.series().get(0).samples().get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(string.resultType()).isEqualTo("string");
        assertThat(string.series().get(0).labels()).containsEntry("value", "hello");
        assertThat(none.series()).isEmpty();
    }

    @Test
    void aRangeIsReadInChunksWithEveryTimestampOnce() throws Exception {
        Instant from = prometheus.start.plus(Duration.ofHours(1));
        Instant to = from.plus(Duration.ofMinutes(120));
        List<Long> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Map<String, String>> series = new ArrayList<>();

        RangeSummary summary = prometheus.client(50).range("memory_bytes{pod=\"web-0\"}", from, to,
                Duration.ofMinutes(1), labels -> {
                    series.add(labels);
                    return (t, v) -> {
                        times.add(t);
                        values.add(v);
                    };
                });

        assertThat(summary.chunks()).isEqualTo(3);
        assertThat(series).hasSize(3).allSatisfy(l -> assertThat(l).containsEntry("pod", "web-0"));
        List<Long> expected = new ArrayList<>();
        for (long t = from.toEpochMilli(); t <= to.toEpochMilli(); t += 60_000) expected.add(t);
        assertThat(times).hasSize(121).containsExactlyElementsOf(expected);
        assertThat(values.get(0)).isEqualTo(RealPrometheus.memory(0, 60));
        assertThat(values.get(120)).isEqualTo(RealPrometheus.memory(0, 180));
        assertThat(summary.series()).isEqualTo(3);
        assertThat(summary.samples()).isEqualTo(121);
        assertThat(summary.step()).isEqualTo(Duration.ofMinutes(1));
        assertThat(summary.warnings()).isEmpty();
    }

    @Test
    void aRateOverACounterThatResetsIsNeverNegative() throws Exception {
        List<Double> rates = new ArrayList<>();
        Map<String, Integer> seriesPerPod = new TreeMap<>();

        RangeSummary summary = prometheus.client(1000).range("rate(http_requests_total[5m])", prometheus.start,
                prometheus.end, Duration.ofMinutes(1), labels -> {
                    seriesPerPod.merge(labels.get("pod"), 1, Integer::sum);
                    return (t, v) -> rates.add(v);
                });

        assertThat(summary.chunks()).isEqualTo(3);
        assertThat(seriesPerPod).containsOnlyKeys("web-0", "web-1");
        assertThat(rates).isNotEmpty().allSatisfy(r -> assertThat(r).isBetween(0.0, 10.0 / 60 + 1e-9));
        assertThat(rates.stream().filter(r -> Math.abs(r - 10.0 / 60) < 1e-9).count())
                .isGreaterThan(rates.size() * 9L / 10);
    }

    @Test
    void badPromQlIsAQueryFailureNamingBadData() {
        MetricsException e = catchThrowableOfType(MetricsException.class, () -> prometheus.client(1000).range(
                "rate(memory_bytes[5m]", prometheus.start, prometheus.end, Duration.ofMinutes(5), labels -> null));

        assertThat(e.kind()).isEqualTo(Kind.QUERY);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("bad_data", "rate(memory_bytes[5m]", prometheus.server.url().toString());
    }

    @Test
    void describesWhereItReads() {
        assertThat(prometheus.client(1000).describe()).isEqualTo("prometheus " + prometheus.server.url());
    }
}
