package dev.aiops.domain.timeline;

import static dev.aiops.domain.timeline.TimeScanner.NONE;

import java.time.Instant;

/**
 * When a container log line was written, read as the timeline reads it (RFC 3339, klog, JSON and logfmt time
 * fields, epoch numbers, the common log format; see {@link LogLineParser}). Not thread-safe: one per thread.
 */
public final class LogLineTime {

    private final LogLineParser parser = new LogLineParser();
    private final long reference;

    /** {@code reference}: the snapshot's time, which gives the year to times written without one (klog). */
    public LogLineTime(Instant reference) {
        this.reference = TimeScanner.nanos(reference);
    }

    /** The time {@code line} was written, or null when it carries none. */
    public Instant of(String line) {
        long t = parser.time(line, reference, false);
        return t == NONE ? null : TimeScanner.toInstant(t);
    }
}
