package dev.aiops.core.contract;

import java.time.Duration;
import java.util.Objects;

/**
 * Service-level commitments of a skill. The runtime enforces {@link #timeout()} and records every call's
 * latency against {@link #p95Latency()}; availability is the target the error budget is measured against.
 *
 * @param timeout            hard limit for one call, after which it fails with a timeout
 * @param p95Latency         latency 95% of calls should stay under; a slower call counts as an SLA breach
 * @param availabilityPercent share of calls that should succeed, in percent (for example 99.5)
 */
public record Sla(Duration timeout, Duration p95Latency, double availabilityPercent) {

    /** Defaults for a descriptor that states no SLA: 30 s timeout, 5 s p95, 99%. */
    public static final Sla DEFAULT = new Sla(Duration.ofSeconds(30), Duration.ofSeconds(5), 99.0);

    public Sla {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(p95Latency, "p95Latency");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("sla timeout must be positive, was " + timeout);
        }
        if (p95Latency.isZero() || p95Latency.isNegative()) {
            throw new IllegalArgumentException("sla p95 latency must be positive, was " + p95Latency);
        }
        if (p95Latency.compareTo(timeout) > 0) {
            throw new IllegalArgumentException(
                    "sla p95 latency " + p95Latency + " must not exceed the timeout " + timeout);
        }
        if (!(availabilityPercent > 0 && availabilityPercent <= 100)) {
            throw new IllegalArgumentException(
                    "sla availability must be in (0, 100] percent, was " + availabilityPercent);
        }
    }
}
