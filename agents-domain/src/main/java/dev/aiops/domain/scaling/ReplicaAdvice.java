package dev.aiops.domain.scaling;

import tools.jackson.databind.node.ObjectNode;

/**
 * A replica count for one workload from its CPU load against a target utilisation.
 *
 * @param workload    the workload
 * @param current     replicas now
 * @param recommended replicas recommended (equal to current when within tolerance)
 * @param reasoning   load percentiles, target, formula, bounds and caps applied, HPA settings
 */
public record ReplicaAdvice(Workload workload, int current, int recommended, ObjectNode reasoning) {
}
