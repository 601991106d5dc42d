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
 * @param workload   only the workload of this name (null: all)
 */
public record ScalingScope(Set<String> namespaces, String selector, Duration window, Instant end,
                           ClusterSnapshot cluster, String workload) {

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

    /** Every workload of {@code namespaces} (all when empty). */
    public static ScalingScope of(Set<String> namespaces, Duration window, ClusterSnapshot cluster) {
        return new ScalingScope(namespaces, null, window, null, cluster, null);
    }

    public ScalingScope withEnd(Instant e) {
        return new ScalingScope(namespaces, selector, window, e, cluster, workload);
    }

    public ScalingScope withSelector(String s) {
        return new ScalingScope(namespaces, s, window, end, cluster, workload);
    }

    /** Only the workload named {@code name}. */
    public ScalingScope withWorkload(String name) {
        return new ScalingScope(namespaces, selector, window, end, cluster, name);
    }
}
