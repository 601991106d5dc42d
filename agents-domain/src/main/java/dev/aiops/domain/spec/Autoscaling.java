package dev.aiops.domain.spec;

/**
 * A HorizontalPodAutoscaler on CPU utilization. In an environment's overrides every field is optional and
 * {@code enabled: false} turns autoscaling off; in the spec itself {@code enabled} is absent.
 */
public record Autoscaling(Boolean enabled, Integer minReplicas, Integer maxReplicas,
                          Integer targetCPUUtilizationPercent) {

    /** Complete bounds, as the spec gives them. */
    public static Autoscaling of(int minReplicas, int maxReplicas, int targetCPUUtilizationPercent) {
        return new Autoscaling(null, minReplicas, maxReplicas, targetCPUUtilizationPercent);
    }

    /** True when every field the autoscaler needs is set. */
    public boolean complete() {
        return minReplicas != null && maxReplicas != null && targetCPUUtilizationPercent != null;
    }

    /** {@code base} with an environment's changes; null when they turn autoscaling off. */
    static Autoscaling override(Autoscaling base, Autoscaling change) {
        if (Boolean.FALSE.equals(change.enabled())) return null;
        Autoscaling b = base == null ? new Autoscaling(null, null, null, null) : base;
        return new Autoscaling(null,
                change.minReplicas() != null ? change.minReplicas() : b.minReplicas(),
                change.maxReplicas() != null ? change.maxReplicas() : b.maxReplicas(),
                change.targetCPUUtilizationPercent() != null ? change.targetCPUUtilizationPercent()
                        : b.targetCPUUtilizationPercent());
    }
}
