package dev.aiops.domain.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.infra.metrics.SeriesSink;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the collector does with samples a well-behaved Prometheus would not return. */
class UsageCollectorTest {

    private static final long START = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    private static final long STEP = 300_000;
    private static final Map<String, String> STEADY = Map.of("namespace", "shop", "pod", "steady-7c9d8f6b5-x2x9q",
            "container", "app");

    private static UsageCollector collector() {
        WorkloadCatalog catalog = WorkloadCatalog.fromCluster(ScalingClusters.scenarios(), Set.of("shop"), null, null);
        UsageCollector c = new UsageCollector(catalog, AdvisorSettings.DEFAULT, START, STEP);
        c.beginChunk(0, 10);
        return c;
    }

    private static final Workload STEADY_WORKLOAD = new Workload("Deployment", "shop", "steady");

    @Test
    void aClockThatJumpsBackIsCountedAndItsSamplesAreDropped() {
        UsageCollector c = collector();
        SeriesSink.SampleConsumer cpu = c.cpuSink().series(STEADY);

        cpu.accept(START, 0.2);
        cpu.accept(START + STEP, 0.2);
        cpu.accept(START + STEP / 2, 5.0);     // the node's clock jumped back
        cpu.accept(START + 2 * STEP, 0.2);
        c.endChunk();

        ContainerStats s = c.stats(STEADY_WORKLOAD, "app");
        assertThat(s.cpuSamples).isEqualTo(3);
        assertThat(s.outOfOrder).isEqualTo(1);
        assertThat(s.cpuMax).isEqualTo(0.2);
    }

    @Test
    void nanInfiniteAndNegativeSamplesAreCountedNotUsed() {
        UsageCollector c = collector();
        SeriesSink.SampleConsumer memory = c.memorySink().series(STEADY);

        memory.accept(START, Double.NaN);
        memory.accept(START + STEP, Double.POSITIVE_INFINITY);
        memory.accept(START + 2 * STEP, -1);
        memory.accept(START + 3 * STEP, 100e6);
        c.finish();

        ContainerStats s = c.stats(STEADY_WORKLOAD, "app");
        assertThat(s.invalid).isEqualTo(3);
        assertThat(s.memorySamples).isEqualTo(1);
        assertThat(s.memoryPeakCount).isEqualTo(1);
        assertThat(s.steps.cardinality()).isEqualTo(1);
    }

    @Test
    void seriesOfPodsOutsideTheCatalogAndThePauseContainerAreSkipped() {
        UsageCollector c = collector();

        assertThat(c.cpuSink().series(Map.of("namespace", "shop", "pod", "steady-7c9d8f6b5-x2x9q", "container",
                "POD"))).isNull();
        assertThat(c.cpuSink().series(Map.of("namespace", "shop", "pod", "stranger-0", "container", "app")))
                .isNull();
        assertThat(c.cpuSink().series(Map.of("namespace", "shop", "pod", "steady-7c9d8f6b5-x2x9q"))).isNull();
        assertThat(c.unattributedSeries()).isEqualTo(1);
        assertThat(c.unattributedExamples()).containsExactly("shop/stranger-0");
    }

    @Test
    void memoryPeaksAreOnePerPodAndInterval() {
        UsageCollector c = collector();
        SeriesSink.SampleConsumer a = c.memorySink().series(STEADY);
        SeriesSink.SampleConsumer b = c.memorySink().series(Map.of("namespace", "shop", "pod",
                "steady-7c9d8f6b5-k8h4z", "container", "app"));
        long day = 86_400_000;

        a.accept(START, 100e6);
        a.accept(START + STEP, 300e6);
        a.accept(START + day, 50e6);
        b.accept(START, 200e6);
        c.finish();

        ContainerStats s = c.stats(STEADY_WORKLOAD, "app");
        // pod a: 300e6 on day one, 50e6 on day two; pod b: 200e6 on day one
        assertThat(s.memoryPeakCount).isEqualTo(3);
        assertThat(s.memoryMax).isEqualTo(300e6);
        assertThat(s.pods).hasSize(2);
    }
}
