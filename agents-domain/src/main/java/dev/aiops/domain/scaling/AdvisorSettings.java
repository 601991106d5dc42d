package dev.aiops.domain.scaling;

import java.time.Duration;

/**
 * How recommendations are made. Defaults follow the Vertical Pod Autoscaler's recommender where it has one: 24 h
 * half-life, CPU at the 90th percentile and memory from daily peaks, 15% margins, an OOM bump of 20% (at least
 * 100 MiB).
 *
 * @param halfLife           how fast old samples lose weight
 * @param cpuPercentile      the percentile of CPU usage recommended as the request
 * @param memoryPercentile   the percentile of per-interval memory peaks recommended as the request
 * @param cpuMargin          safety margin added to the CPU percentile (0.15 = 15%)
 * @param memoryMargin       safety margin added to the memory percentile
 * @param peakInterval       the interval whose memory peak is one histogram sample
 * @param minHistory         less history than this gives no recommendation
 * @param minCoverage        a smaller share of steps with samples (since the first one) gives no recommendation
 * @param fullConfidence     history (with samples) at which confidence reaches 1
 * @param cpuFloor           the smallest CPU request recommended, in cores
 * @param memoryFloor        the smallest memory request recommended, in bytes
 * @param oomBumpRatio       after an OOM kill, memory is at least this times the memory it was killed at
 * @param oomMinBump         ... and at least this many bytes more
 * @param targetUtilization  CPU utilisation of requests that replica counts aim at (HPA-style)
 * @param replicaTolerance   a change of replicas smaller than this share is not recommended (HPA's 10%)
 * @param maxReplicas        hard cap on any replica recommendation, whatever the series says
 * @param maxGrowth          a recommendation never exceeds this many times the current replicas
 * @param maxPoints          most steps per series over the window (Prometheus refuses more than 11,000)
 * @param chunkSteps         steps per range request
 * @param prices             the price model for cost deltas
 * @param names              metric and label names
 */
public record AdvisorSettings(Duration halfLife, double cpuPercentile, double memoryPercentile, double cpuMargin,
                              double memoryMargin, Duration peakInterval, Duration minHistory, double minCoverage,
                              Duration fullConfidence, double cpuFloor, double memoryFloor, double oomBumpRatio,
                              double oomMinBump, double targetUtilization, double replicaTolerance, int maxReplicas,
                              double maxGrowth, int maxPoints, int chunkSteps, PriceModel prices, MetricNames names) {

    private static final double MIB = 1024 * 1024;

    public static final AdvisorSettings DEFAULT = new AdvisorSettings(Duration.ofHours(24), 0.9, 0.95, 0.15, 0.15,
            Duration.ofHours(24), Duration.ofHours(24), 0.6, Duration.ofDays(7), 0.010, 64 * MIB, 1.2, 100 * MIB,
            0.7, 0.1, 100, 4.0, 11_000, 1_000, PriceModel.DEFAULT, MetricNames.DEFAULT);

    public AdvisorSettings {
        positive("halfLife", halfLife);
        positive("peakInterval", peakInterval);
        positive("minHistory", minHistory);
        positive("fullConfidence", fullConfidence);
        fraction("cpuPercentile", cpuPercentile, false);
        fraction("memoryPercentile", memoryPercentile, false);
        fraction("minCoverage", minCoverage, true);
        fraction("targetUtilization", targetUtilization, false);
        fraction("replicaTolerance", replicaTolerance, true);
        if (!(cpuMargin >= 0) || !(memoryMargin >= 0)) throw new IllegalArgumentException("margins are >= 0");
        if (!(cpuFloor >= 0) || !(memoryFloor >= 0)) throw new IllegalArgumentException("floors are >= 0");
        if (!(oomBumpRatio >= 1) || !(oomMinBump >= 0)) {
            throw new IllegalArgumentException("oomBumpRatio is >= 1 and oomMinBump >= 0");
        }
        if (maxReplicas < 1 || !(maxGrowth >= 1)) throw new IllegalArgumentException("maxReplicas >= 1, maxGrowth >= 1");
        if (maxPoints < 10 || chunkSteps < 1) throw new IllegalArgumentException("maxPoints >= 10, chunkSteps >= 1");
        if (prices == null || names == null) throw new IllegalArgumentException("prices and names are required");
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
    }

    private static void fraction(String name, double v, boolean zeroAllowed) {
        if (!(v <= 1) || !(zeroAllowed ? v >= 0 : v > 0)) {
            throw new IllegalArgumentException(name + " must be in " + (zeroAllowed ? "[0, 1]" : "(0, 1]") + ", not " + v);
        }
    }

    public AdvisorSettings withHalfLife(Duration d) {
        return new AdvisorSettings(d, cpuPercentile, memoryPercentile, cpuMargin, memoryMargin, peakInterval,
                minHistory, minCoverage, fullConfidence, cpuFloor, memoryFloor, oomBumpRatio, oomMinBump,
                targetUtilization, replicaTolerance, maxReplicas, maxGrowth, maxPoints, chunkSteps, prices, names);
    }

    public AdvisorSettings withPercentiles(double cpu, double memory) {
        return new AdvisorSettings(halfLife, cpu, memory, cpuMargin, memoryMargin, peakInterval, minHistory,
                minCoverage, fullConfidence, cpuFloor, memoryFloor, oomBumpRatio, oomMinBump, targetUtilization,
                replicaTolerance, maxReplicas, maxGrowth, maxPoints, chunkSteps, prices, names);
    }

    public AdvisorSettings withMinHistory(Duration d) {
        return new AdvisorSettings(halfLife, cpuPercentile, memoryPercentile, cpuMargin, memoryMargin, peakInterval,
                d, minCoverage, fullConfidence, cpuFloor, memoryFloor, oomBumpRatio, oomMinBump, targetUtilization,
                replicaTolerance, maxReplicas, maxGrowth, maxPoints, chunkSteps, prices, names);
    }

    public AdvisorSettings withReplicaLimits(double utilization, int max) {
        return new AdvisorSettings(halfLife, cpuPercentile, memoryPercentile, cpuMargin, memoryMargin, peakInterval,
                minHistory, minCoverage, fullConfidence, cpuFloor, memoryFloor, oomBumpRatio, oomMinBump, utilization,
                replicaTolerance, max, maxGrowth, maxPoints, chunkSteps, prices, names);
    }

    public AdvisorSettings withChunkSteps(int steps) {
        return new AdvisorSettings(halfLife, cpuPercentile, memoryPercentile, cpuMargin, memoryMargin, peakInterval,
                minHistory, minCoverage, fullConfidence, cpuFloor, memoryFloor, oomBumpRatio, oomMinBump,
                targetUtilization, replicaTolerance, maxReplicas, maxGrowth, maxPoints, steps, prices, names);
    }

    public AdvisorSettings withPrices(PriceModel p) {
        return new AdvisorSettings(halfLife, cpuPercentile, memoryPercentile, cpuMargin, memoryMargin, peakInterval,
                minHistory, minCoverage, fullConfidence, cpuFloor, memoryFloor, oomBumpRatio, oomMinBump,
                targetUtilization, replicaTolerance, maxReplicas, maxGrowth, maxPoints, chunkSteps, p, names);
    }

    public AdvisorSettings withNames(MetricNames n) {
        return new AdvisorSettings(halfLife, cpuPercentile, memoryPercentile, cpuMargin, memoryMargin, peakInterval,
                minHistory, minCoverage, fullConfidence, cpuFloor, memoryFloor, oomBumpRatio, oomMinBump,
                targetUtilization, replicaTolerance, maxReplicas, maxGrowth, maxPoints, chunkSteps, prices, n);
    }

    static double mib() {
        return MIB;
    }
}
