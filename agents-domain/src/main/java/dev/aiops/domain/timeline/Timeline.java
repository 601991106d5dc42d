package dev.aiops.domain.timeline;

import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotWarning;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What happened, in order: the entries of a {@link TimelineQuery}'s window merged from events, statuses, rollouts
 * and logs, with markers for the first error, its probable trigger, its detection and the recovery, and a count of
 * what lay outside the window. Made by {@link TimelineBuilder}; written by {@link TimelineJson} and
 * {@link TimelineText}.
 */
public final class Timeline {

    /**
     * Indexes into {@link #entries()}, each null when not found.
     *
     * @param firstError the first error-level entry
     * @param trigger    the latest rollout or configuration change within the lookback before the first error
     * @param detection  the first alerting signal: a Warning event (a failing probe is one)
     * @param recovery   after the last error, the first Available or Ready transition to True, or rollback
     */
    public record Markers(Integer firstError, Integer trigger, Integer detection, Integer recovery) {
        public static final Markers NONE = new Markers(null, null, null, null);
    }

    /**
     * What the timeline does not show, and why: nothing is dropped without being counted.
     *
     * @param beforeWindow  entries of the query's scope that happened before the window
     * @param afterWindow   entries of the query's scope that happened after it
     * @param blankLogLines empty log lines, not entries
     * @param undated       log lines with no time of their own and nothing to place them by (no other line of the
     *                      container has a time, and neither the container nor its pod records when it started)
     */
    public record Omitted(int beforeWindow, int afterWindow, int blankLogLines, int undated) {
        public static final Omitted NONE = new Omitted(0, 0, 0, 0);

        public int total() {
            return beforeWindow + afterWindow + blankLogLines + undated;
        }
    }

    private final ClusterSnapshot.Source source;
    private final Instant generatedAt;
    private final TimelineQuery query;
    private final Instant windowStart;
    private final Instant windowEnd;
    private final List<TimelineEntry> entries;
    private final Markers markers;
    private final Omitted omitted;
    private final List<SnapshotWarning> warnings;

    Timeline(ClusterSnapshot.Source source, Instant generatedAt, TimelineQuery query, Instant windowStart,
             Instant windowEnd, List<TimelineEntry> entries, Markers markers, Omitted omitted,
             List<SnapshotWarning> warnings) {
        this.source = Objects.requireNonNull(source, "source");
        this.generatedAt = Objects.requireNonNull(generatedAt, "generatedAt");
        this.query = Objects.requireNonNull(query, "query");
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.entries = List.copyOf(entries);
        this.markers = Objects.requireNonNull(markers, "markers");
        this.omitted = Objects.requireNonNull(omitted, "omitted");
        this.warnings = List.copyOf(warnings);
        for (Integer i : new Integer[] {markers.firstError(), markers.trigger(), markers.detection(),
                markers.recovery()}) {
            if (i != null && (i < 0 || i >= this.entries.size())) {
                throw new IllegalArgumentException("marker " + i + " is not an entry index (" + this.entries.size()
                        + " entries)");
            }
        }
    }

    public ClusterSnapshot.Source source() {
        return source;
    }

    public Instant generatedAt() {
        return generatedAt;
    }

    public TimelineQuery query() {
        return query;
    }

    /** The window's start as resolved (a {@link TimelineQuery#last()} becomes an instant); null when open. */
    public Instant windowStart() {
        return windowStart;
    }

    /** The window's end; null when open. */
    public Instant windowEnd() {
        return windowEnd;
    }

    public Duration clockSkew() {
        return query.clockSkew();
    }

    /** Oldest first. */
    public List<TimelineEntry> entries() {
        return entries;
    }

    public Markers markers() {
        return markers;
    }

    public Omitted omitted() {
        return omitted;
    }

    /** Files or requests the snapshot could not read; the timeline is made of the rest. */
    public List<SnapshotWarning> warnings() {
        return warnings;
    }

    /** The entry a marker points at, or null. */
    public TimelineEntry at(Integer marker) {
        return marker == null ? null : entries.get(marker);
    }

    /** The entries that carry {@code correlationId}, in order: one request or trace across containers. */
    public List<TimelineEntry> correlated(String correlationId) {
        List<TimelineEntry> out = new ArrayList<>();
        for (TimelineEntry e : entries) {
            if (correlationId.equals(e.correlationId())) out.add(e);
        }
        return out;
    }
}
