package dev.aiops.domain.diagnosis;

import dev.aiops.infra.k8s.ClusterSnapshot.Coverage;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns one concern of cluster state into findings. Analyzers are small, stateless and independent; the
 * {@link Diagnoser} runs them all, then correlates and deduplicates what they found.
 */
public interface Analyzer {

    /** Short name, used by filters and in logs. */
    String name();

    List<Finding> analyze(ClusterIndex index);

    /**
     * True when this analyzer's findings are generic fallbacks: the diagnosis keeps one only when no other analyzer
     * reports the same category on the same object (or owner).
     */
    default boolean fallback() {
        return false;
    }

    /**
     * The snapshots this analyzer can tell something from: by default a cluster's state and manifests (it checks
     * configuration). One that reads how things run (status, events, logs) says {@link Coverage#STATE} alone, so
     * manifests, which have no status, are never reported as failing.
     */
    default Set<Coverage> coverage() {
        return EnumSet.of(Coverage.STATE, Coverage.MANIFESTS);
    }
}
