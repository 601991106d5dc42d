package dev.aiops.domain.scaling;

import dev.aiops.infra.k8s.ClusterSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to advise on.
 *
 * @param namespaces only these (all when empty)
 * @param selector   only workloads whose labels (or pod template labels) match this equality selector; needs a cluster
 * @param window     how much history to read
 * @param end        the window's end (null: now)
 * @param cluster    workloads, owners and current requests; null to read them from kube-state-metrics series
 */
public record ScalingScope(Set<String> namespaces, String selector, Duration window, Instant end,
                           ClusterSnapshot cluster) {

    public ScalingScope {
        namespaces = Set.copyOf(new TreeSet<>(namespaces));
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        if (selector != null && !selector.isBlank() && cluster == null) {
            throw new IllegalArgumentException("a label selector needs a cluster source (--context, --from-dump or"
                    + " --demo): kube-state-metrics series do not carry workload labels");
        }
    }

    /** One workload's scope: its namespace, the whole window, a cluster. */
    public static ScalingScope of(String namespace, Duration window, ClusterSnapshot cluster) {
        return new ScalingScope(Set.of(namespace), null, window, null, cluster);
    }

    public ScalingScope withEnd(Instant e) {
        return new ScalingScope(namespaces, selector, window, e, cluster);
    }
}
