package dev.aiops.domain.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DecayingHistogramTest {

    private static final double DAY = 86_400_000;

    @Test
    void percentileIsNeverBelowTheTrueOneAndAtMostOneBucketAbove() {
        DecayingHistogram h = DecayingHistogram.cpu(Double.POSITIVE_INFINITY);
        for (int i = 1; i <= 1000; i++) h.add(i / 1000.0, 1, i);
        assertThat(h.percentile(0.9)).isBetween(0.9, 0.9 * 1.05 + 0.001);
        assertThat(h.percentile(0.5)).isBetween(0.5, 0.5 * 1.05 + 0.001);
        assertThat(h.percentile(1.0)).isBetween(1.0, 1.05 + 0.001);
    }

    @Test
    void recentSamplesOutweighOldOnesByTheHalfLife() {
        DecayingHistogram h = DecayingHistogram.cpu(DAY);
        // one day at 1 core, then one day at 0.1 core: the newer day weighs up to twice as much
        for (int i = 0; i < 1440; i++) h.add(1.0, 1, (long) (i * 60_000L));
        for (int i = 1440; i < 2880; i++) h.add(0.1, 1, (long) (i * 60_000L));
        assertThat(h.percentile(0.5)).isLessThan(0.11);
        DecayingHistogram flat = DecayingHistogram.cpu(Double.POSITIVE_INFINITY);
        for (int i = 0; i < 1440; i++) flat.add(1.0, 1, i);
        for (int i = 0; i < 1440; i++) flat.add(0.1, 1, i);
        // without decay the two days weigh the same: the median is at the boundary, the 60th percentile is 1 core
        assertThat(flat.percentile(0.6)).isCloseTo(1.0, within(0.05));
        assertThat(h.percentile(0.6)).isLessThan(0.11);
    }

    @Test
    void survivesYearsOfHalfLivesWithoutOverflow() {
        DecayingHistogram h = DecayingHistogram.memory(3_600_000);
        for (long t = 0; t < 400L * 86_400_000; t += 3_600_000) h.add(5e8, 1, t);
        assertThat(h.percentile(0.95)).isBetween(5e8, 5e8 * 1.06);
        assertThat(h.isEmpty()).isFalse();
    }

    @Test
    void ignoresNaNInfinityNegativeAndZeroWeight() {
        DecayingHistogram h = DecayingHistogram.cpu(DAY);
        h.add(Double.NaN, 1, 0);
        h.add(Double.POSITIVE_INFINITY, 1, 0);
        h.add(-1, 1, 0);
        h.add(0.5, 0, 0);
        assertThat(h.isEmpty()).isTrue();
        assertThat(h.percentile(0.9)).isNaN();
    }

    @Test
    void valuesAboveTheLastBucketLandInIt() {
        DecayingHistogram h = DecayingHistogram.cpu(DAY);
        h.add(5000, 1, 0);
        assertThat(h.percentile(0.5)).isGreaterThanOrEqualTo(1000);
    }
}
