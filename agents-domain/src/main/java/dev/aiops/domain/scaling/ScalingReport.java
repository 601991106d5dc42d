package dev.aiops.domain.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the advisor found: one entry per container of each workload, replica counts, and warnings.
 *
 * @param generatedAt when
 * @param sourceType  {@code prometheus} or {@code metrics-server}
 * @param sourceUrl   the Prometheus URL (null for metrics-server)
 * @param start       the window's start
 * @param end         the window's end
 * @param step        the resolution the series were read at (null for metrics-server)
 * @param containers  per container, sorted by workload and container
 * @param replicas    per workload with a replica recommendation
 * @param warnings    what the reader should know (the API's warnings, unattributed pods, fallbacks)
 * @param currency    the cost deltas' currency
 */
public record ScalingReport(Instant generatedAt, String sourceType, String sourceUrl, Instant start, Instant end,
                            Duration step, List<ContainerAdvice> containers, List<ReplicaAdvice> replicas,
                            List<String> warnings, String currency) {

    public ScalingReport {
        containers = List.copyOf(containers);
        replicas = List.copyOf(replicas);
        warnings = List.copyOf(warnings);
    }

    /** Whether any container's metrics could not be read. */
    public boolean hasErrors() {
        return containers.stream().anyMatch(c -> c.status() == ContainerAdvice.Status.ERROR);
    }
}
