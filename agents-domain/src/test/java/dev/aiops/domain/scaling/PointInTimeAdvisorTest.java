package dev.aiops.domain.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.metrics.ContainerUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** metrics-server's single reading: requests and limits are only ever raised. */
class PointInTimeAdvisorTest {

    private static final double MI = 1024 * 1024;
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static ScalingReport advise(double cpu, double memory) {
        ClusterSnapshot cluster = ClusterSnapshot.builder(new ClusterSnapshot.Source("test", "one"))
                .add(ScalingClusters.deployment("shop", "web", 2, 0.5, 256 * MI, 512 * MI)).build();
        List<ContainerUsage> usage = List.of(
                new ContainerUsage("shop", "web-7c9d8f6b5-x2x9q", "app", cpu, memory, NOW, 30),
                new ContainerUsage("shop", "web-7c9d8f6b5-k8h4z", "app", cpu / 2, memory / 2, NOW, 30));
        return ScalingAdvisor.fromMetricsServer(usage, ScalingScope.of(Set.of("shop"), Duration.ofDays(14), cluster),
                AdvisorSettings.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aReadingBelowTheRequestsChangesNothing() {
        ContainerAdvice a = advise(0.05, 50 * MI).containers().get(0);

        assertThat(a.recommended().cpuRequest()).isEqualTo(0.5);
        assertThat(a.recommended().memoryRequest()).isEqualTo(256 * MI);
        assertThat(a.recommended().memoryLimit()).isEqualTo(512 * MI);
        assertThat(a.confidence()).isEqualTo(0.05);
        assertThat(a.reasoning().path("memory").path("formula").asString()).contains("kept at the current request");
    }

    @Test
    void aReadingAboveTheRequestRaisesItFromTheHighestPodAndNeverLowersTheLimit() {
        ScalingReport r = advise(0.8, 300 * MI);
        ContainerAdvice a = r.containers().get(0);

        assertThat(a.recommended().cpuRequest()).isEqualTo(0.92);
        assertThat(a.recommended().memoryRequest()).isEqualTo(348 * MI);
        assertThat(a.recommended().memoryLimit()).isEqualTo(512 * MI);
        assertThat(a.monthlyCostDelta()).isPositive();
        assertThat(r.sourceType()).isEqualTo("metrics-server");
        assertThat(r.warnings()).singleElement().asString().contains("only raised");
    }

    @Test
    void aReadingAboveTheLimitRaisesTheLimitWithTheRequest() {
        ContainerAdvice a = advise(0.1, 600 * MI).containers().get(0);

        assertThat(a.recommended().memoryRequest()).isEqualTo(a.recommended().memoryLimit());
        assertThat(a.recommended().memoryLimit()).isGreaterThan(600 * MI);
    }
}
