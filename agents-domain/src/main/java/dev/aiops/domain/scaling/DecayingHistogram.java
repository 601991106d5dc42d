package dev.aiops.domain.scaling;

/**
 * A histogram with exponentially growing buckets whose samples lose half their weight every half-life, as the
 * Vertical Pod Autoscaler's recommender keeps them: recent usage counts more than old usage, and memory does not
 * grow with the number of samples. Weights are kept relative to a reference time that moves forward when they would
 * overflow.
 */
final class DecayingHistogram {

    private static final double MAX_EXPONENT = 100;

    private final double firstBucket;
    private final double ratio;
    private final double[] weights;
    private final double halfLifeMillis;
    private long reference;
    private boolean referenceSet;
    private double total;

    /**
     * @param firstBucket the width of the first bucket (0.01 cores, 10 MB)
     * @param ratio       each bucket is this much wider than the one before (1.05)
     * @param maxValue    values above it land in the last bucket
     * @param halfLifeMillis the decay half-life; {@code Double.POSITIVE_INFINITY} for no decay
     */
    DecayingHistogram(double firstBucket, double ratio, double maxValue, double halfLifeMillis) {
        if (firstBucket <= 0 || ratio <= 1 || maxValue <= firstBucket || !(halfLifeMillis > 0)) {
            throw new IllegalArgumentException("invalid histogram options");
        }
        this.firstBucket = firstBucket;
        this.ratio = ratio;
        this.halfLifeMillis = halfLifeMillis;
        this.weights = new double[bucketOf(maxValue) + 1];
    }

    static DecayingHistogram cpu(double halfLifeMillis) {
        return new DecayingHistogram(0.001, 1.05, 1000, halfLifeMillis);
    }

    static DecayingHistogram memory(double halfLifeMillis) {
        return new DecayingHistogram(1e6, 1.05, 1e13, halfLifeMillis);
    }

    /** Adds {@code value} observed at {@code timeMillis} with {@code weight} (before decay). */
    void add(double value, double weight, long timeMillis) {
        if (!(value >= 0) || Double.isInfinite(value) || !(weight > 0)) return;
        if (!referenceSet) {
            reference = timeMillis;
            referenceSet = true;
        }
        double exponent = (timeMillis - reference) / halfLifeMillis;
        if (exponent > MAX_EXPONENT) {
            rescale(timeMillis);
            exponent = 0;
        }
        double w = weight * Math.pow(2, exponent);
        int b = Math.min(bucketOf(value), weights.length - 1);
        weights[b] += w;
        total += w;
    }

    private void rescale(long newReference) {
        double factor = Math.pow(2, -(newReference - reference) / halfLifeMillis);
        total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] *= factor;
            total += weights[i];
        }
        reference = newReference;
    }

    /**
     * The smallest bucket end below which {@code p} of the weight lies: never lower than the true percentile, at
     * most one bucket (5%) above it. NaN when empty.
     */
    double percentile(double p) {
        if (total <= 0) return Double.NaN;
        double threshold = p * total;
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (acc >= threshold && weights[i] > 0) return bucketEnd(i);
        }
        return bucketEnd(lastNonEmpty());
    }

    boolean isEmpty() {
        return total <= 0;
    }

    private int lastNonEmpty() {
        for (int i = weights.length - 1; i >= 0; i--) {
            if (weights[i] > 0) return i;
        }
        return 0;
    }

    private int bucketOf(double value) {
        if (value < firstBucket) return 0;
        // bucket i starts at firstBucket * (ratio^i - 1) / (ratio - 1)
        int b = (int) Math.floor(Math.log(value * (ratio - 1) / firstBucket + 1) / Math.log(ratio));
        return Math.max(0, b);
    }

    private double bucketEnd(int i) {
        return firstBucket * (Math.pow(ratio, i + 1) - 1) / (ratio - 1);
    }
}
