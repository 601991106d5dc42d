package dev.aiops.domain.scaling;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * What the series of one container of one workload added up to: decaying histograms of CPU usage and of memory
 * peaks per interval, which steps had samples, and counts. Its size does not depend on the number of samples: the
 * step bitmap is bounded by {@link AdvisorSettings#maxPoints()}.
 */
final class ContainerStats {

    final DecayingHistogram cpu;
    final DecayingHistogram memoryPeaks;
    final BitSet steps = new BitSet();
    final Set<String> pods = new HashSet<>();
    int firstStep = -1;
    int lastStep = -1;
    long cpuSamples;
    long memorySamples;
    long memoryPeakCount;
    long invalid;
    long outOfOrder;
    double cpuMax;
    double memoryMax;

    ContainerStats(double halfLifeMillis) {
        cpu = DecayingHistogram.cpu(halfLifeMillis);
        memoryPeaks = DecayingHistogram.memory(halfLifeMillis);
    }

    void seen(int step) {
        steps.set(step);
        if (firstStep < 0 || step < firstStep) firstStep = step;
        if (step > lastStep) lastStep = step;
    }

    /** Steps from the first with samples to the last, both included. */
    int span() {
        return firstStep < 0 ? 0 : lastStep - firstStep + 1;
    }

    double coverage() {
        return span() == 0 ? 0 : (double) steps.cardinality() / span();
    }
}
