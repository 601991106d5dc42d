package dev.aiops.infra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings' defaults and checks, and how a range is cut into windows. */
class PrometheusSettingsTest {

    private static final URI URL = URI.create("http://prometheus:9090");

    @Test
    void defaults() {
        PrometheusSettings s = PrometheusSettings.of(URL);

        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxAttempts()).isEqualTo(3);
        assertThat(s.initialBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.maxPointsPerChunk()).isEqualTo(1000);
        assertThat(s.bearerToken()).isNull();
        assertThat(s.basicUser()).isNull();
    }

    @Test
    void refusesWhatCannotWork() {
        PrometheusSettings s = PrometheusSettings.of(URL);

        assertThatThrownBy(() -> PrometheusSettings.of(URI.create("prometheus:9090")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute http");
        assertThatThrownBy(() -> PrometheusSettings.of(URI.create("ftp://host/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrometheusSettings.of(URI.create("http://user:secret@host:9090")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user info")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> s.withBasicAuth("u", null)).hasMessageContaining("both");
        assertThatThrownBy(() -> s.withBasicAuth("a:b", "p")).hasMessageContaining("':'");
        assertThatThrownBy(() -> s.withBearerToken(" ")).hasMessageContaining("bearer");
        assertThatThrownBy(() -> s.withBearerToken("line\nbreak")).hasMessageContaining("bearer");
        assertThatThrownBy(() -> new PrometheusSettings(URL, "t", "u", "p", Duration.ofSeconds(1), 1,
                Duration.ZERO, 10)).hasMessageContaining("not both");
        assertThatThrownBy(() -> s.withTimeout(Duration.ZERO)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> s.withRetries(0, Duration.ZERO)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> s.withRetries(1, Duration.ofMillis(-1))).hasMessageContaining("initialBackoff");
        assertThatThrownBy(() -> s.withMaxPointsPerChunk(0)).hasMessageContaining("1..11000");
        assertThatThrownBy(() -> s.withMaxPointsPerChunk(11_001)).hasMessageContaining("1..11000");
    }

    @Test
    void neverShowsCredentials() {
        PrometheusSettings bearer = PrometheusSettings.of(URL).withBearerToken("s3cret-token");
        PrometheusSettings basic = PrometheusSettings.of(URL).withBasicAuth("admin", "hunter2");

        assertThat(bearer.toString()).contains("auth=bearer").doesNotContain("s3cret");
        assertThat(basic.toString()).contains("auth=basic").doesNotContain("hunter2").doesNotContain("admin");
        assertThat(new PrometheusClient(basic).describe()).isEqualTo("prometheus http://prometheus:9090");
        assertThat(new PrometheusClient(PrometheusSettings.of(URI.create("https://h/prom/"))).describe())
                .isEqualTo("prometheus https://h/prom");
    }

    @Test
    void windowsEvaluateEveryTimestampOnce() {
        Duration step = Duration.ofSeconds(10);

        assertThat(PrometheusClient.windows(0, 95_000, step, 4)).containsExactly(
                new long[] {0, 30_000}, new long[] {40_000, 70_000}, new long[] {80_000, 90_000});
        assertThat(PrometheusClient.windows(0, 30_000, step, 4)).containsExactly(new long[] {0, 30_000});
        assertThat(PrometheusClient.windows(5, 5, step, 4)).containsExactly(new long[] {5, 5});
        assertThat(PrometheusClient.windows(0, 10_000, step, 1)).hasSize(2);
        assertThatThrownBy(() -> PrometheusClient.windows(1, 0, step, 4)).hasMessageContaining("before start");
        assertThatThrownBy(() -> PrometheusClient.windows(0, 1, Duration.ofNanos(10), 4))
                .hasMessageContaining("at least 1ms");
    }

    @Test
    void valuesAreWrittenAsPrometheusWritesThem() {
        assertThat(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, 10.0, 0.1, 1e21,
                -2.5e-7)).extracting(PromValues::format)
                .containsExactly("NaN", "+Inf", "-Inf", "0", "10", "0.1", "1000000000000000000000", "-0.00000025");
        assertThat(PromValues.parse("+Inf")).isInfinite();
        assertThat(PromValues.seconds(1_700_000_000_500L).toPlainString()).isEqualTo("1700000000.5");
        assertThat(PromValues.describe(Duration.ofMillis(1500))).isEqualTo("1.5s");
    }
}
