package dev.aiops.domain.timeline;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts drafts in order and says where the order is uncertain: oldest first, ties in the order read (rollouts,
 * events, statuses, logs; a container's lines as written). An entry is {@code timeUncertain} when an entry of
 * another clock (another source, node or container) is closer to it than the skew tolerance: either might have
 * happened first.
 */
final class Ordering {

    private Ordering() {
    }

    private static final Comparator<Draft> ORDER = (a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
            : Integer.compare(a.seq, b.seq);

    /** Sorts in place; {@code parallel} on the common pool's cores (the same order either way). */
    static void sort(Draft[] drafts, boolean parallel) {
        for (int i = 0; i < drafts.length; i++) drafts[i].seq = i;
        if (parallel) Arrays.parallelSort(drafts, ORDER);
        else Arrays.sort(drafts, ORDER);
    }

    /** Marks sorted drafts within {@code toleranceNanos} of a draft of another clock; linear in their number. */
    static void markSkew(Draft[] sorted, long toleranceNanos) {
        int n = sorted.length;
        if (toleranceNanos <= 0 || n < 2) return;
        Map<String, Integer> ids = new HashMap<>();
        int[] clock = new int[n];
        for (int i = 0; i < n; i++) {
            Integer id = ids.get(sorted[i].clock);
            if (id == null) {
                id = ids.size();
                ids.put(sorted[i].clock, id);
            }
            clock[i] = id;
        }
        if (ids.size() < 2) return;
        int[] inWindow = new int[ids.size()];
        int lo = 0;
        int hi = 0;
        for (int i = 0; i < n; i++) {
            long t = sorted[i].at;
            // the drafts j with |t_j - t| < tolerance are those in [lo, hi)
            while (hi < n && sorted[hi].at - t < toleranceNanos) inWindow[clock[hi++]]++;
            while (t - sorted[lo].at >= toleranceNanos) inWindow[clock[lo++]]--;
            if (hi - lo > inWindow[clock[i]]) sorted[i].uncertain = true;
        }
    }
}
