package dev.aiops.domain.scaling;

/**
 * The CPU load of a whole workload per step (the sum over its pods) and how many pods reported, kept for one chunk
 * at a time and folded into a decaying histogram of load at the chunk's end.
 */
final class WorkloadLoad {

    final DecayingHistogram load;
    private double[] sum = new double[0];
    private int[] pods = new int[0];
    double max;
    long steps;
    int podsAtLastStep;
    int lastStep = -1;

    WorkloadLoad(double halfLifeMillis) {
        load = DecayingHistogram.cpu(halfLifeMillis);
    }

    void ensure(int chunkSteps) {
        if (sum.length < chunkSteps) {
            sum = new double[chunkSteps];
            pods = new int[chunkSteps];
        }
    }

    void add(int offset, double value) {
        if (offset < 0 || offset >= sum.length) return;
        sum[offset] += value;
        pods[offset]++;
    }

    void fold(int chunkFirstStep, long startMillis, long stepMillis) {
        for (int i = 0; i < sum.length; i++) {
            if (pods[i] == 0) continue;
            load.add(sum[i], 1, startMillis + (chunkFirstStep + i) * stepMillis);
            max = Math.max(max, sum[i]);
            steps++;
            if (chunkFirstStep + i > lastStep) {
                lastStep = chunkFirstStep + i;
                podsAtLastStep = pods[i];
            }
            sum[i] = 0;
            pods[i] = 0;
        }
    }
}
