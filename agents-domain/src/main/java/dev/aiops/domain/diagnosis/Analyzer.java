package dev.aiops.domain.diagnosis;

import java.util.List;

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
}
