package dev.aiops.domain.timeline;

import static dev.aiops.domain.timeline.TimeScanner.NONE;

import dev.aiops.domain.timeline.TimelineEntry.Level;
import dev.aiops.domain.timeline.TimelineEntry.Source;
import dev.aiops.domain.timeline.TimelineEntry.Subject;

/**
 * An entry while the timeline is made: its time as epoch nanos for sorting, the clock it was read by, and what it
 * may signal for the markers. Becomes a {@link TimelineEntry} once ordered.
 */
final class Draft {

    /** What an entry may mark. */
    enum Signal {
        NONE,
        /** a rollout or configuration change: a trigger candidate */
        CHANGE,
        /** an alerting signal: a detection candidate */
        ALERT,
        /** an Available or Ready transition to True, or a rollback: a recovery candidate */
        RECOVERY
    }

    long at;
    /** Order of reading, the tie-break between equal times; set when the sources are merged. */
    int seq;
    final Source source;
    final Subject object;
    final Level level;
    final String reason;
    final String text;
    int count = 1;
    long first = NONE;
    long last = NONE;
    String correlationId;
    boolean uncertain;
    /** Entries of the same clock (source and node or container) are ordered among themselves. */
    final String clock;
    Signal signal = Signal.NONE;

    Draft(long at, Source source, Subject object, Level level, String reason, String text, String clock) {
        this.at = at;
        this.source = source;
        this.object = object;
        this.level = level;
        this.reason = reason;
        this.text = text;
        this.clock = clock;
    }

    Draft signal(Signal s) {
        this.signal = s;
        return this;
    }

    Draft uncertain() {
        this.uncertain = true;
        return this;
    }

    TimelineEntry toEntry() {
        boolean series = count > 1 && first != NONE;
        return new TimelineEntry(TimeScanner.toInstant(at), source, object, level, reason, text, count,
                series ? TimeScanner.toInstant(first) : null, series ? TimeScanner.toInstant(last) : null,
                correlationId, uncertain);
    }
}
