package dev.aiops.domain.timeline;

import static dev.aiops.domain.timeline.TimeScanner.NONE;

import java.util.ArrayList;
import java.util.List;

/**
 * The window entries are collected in, and the count of what fell outside it. One per source (and per thread);
 * {@link #merge} adds another's entries after this one's.
 */
final class Window {

    final long since;
    final long until;
    final List<Draft> drafts = new ArrayList<>();
    int before;
    int after;
    int blankLogLines;
    int undated;

    /** A window from {@code since} to {@code until} (inclusive, epoch nanos); NONE leaves a side open. */
    Window(long since, long until) {
        this.since = since == NONE ? Long.MIN_VALUE + 1 : since;
        this.until = until == NONE ? Long.MAX_VALUE : until;
    }

    /** A window of the same bounds, empty. */
    Window fresh() {
        return new Window(since == Long.MIN_VALUE + 1 ? NONE : since, until == Long.MAX_VALUE ? NONE : until);
    }

    /** True when {@code t} is inside; otherwise counts it as before or after. */
    boolean admits(long t) {
        if (t < since) {
            before++;
            return false;
        }
        if (t > until) {
            after++;
            return false;
        }
        return true;
    }

    /** Adds a draft that is inside the window (the caller has checked). */
    Draft add(Draft d) {
        drafts.add(d);
        return d;
    }

    void merge(Window other) {
        drafts.addAll(other.drafts);
        before += other.before;
        after += other.after;
        blankLogLines += other.blankLogLines;
        undated += other.undated;
    }
}
