package dev.aiops.domain.timeline;

import dev.aiops.domain.timeline.TimelineEntry.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a timeline covers: a namespace or all, a window, optionally one object and what is related to it, and how
 * entries from different clocks are ordered. Immutable; every argument is checked when built.
 *
 * <pre>{@code
 * TimelineQuery q = TimelineQuery.builder().namespace("shop").last(Duration.ofHours(1))
 *         .around("Deployment", "shop", "cart").clockSkew(Duration.ofSeconds(2)).build();
 * }</pre>
 */
public final class TimelineQuery {

    /** Entries of different sources or clocks closer than this may be in the wrong order. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(2);
    /** How long before the first error a rollout or configuration change still counts as its probable trigger. */
    public static final Duration DEFAULT_TRIGGER_LOOKBACK = Duration.ofMinutes(30);

    private final String namespace;
    private final Instant since;
    private final Instant until;
    private final Duration last;
    private final Subject around;
    private final Duration clockSkew;
    private final Duration triggerLookback;

    private TimelineQuery(Builder b) {
        this.namespace = b.namespace;
        this.since = b.since;
        this.until = b.until;
        this.last = b.last;
        this.around = b.around;
        this.clockSkew = b.clockSkew;
        this.triggerLookback = b.triggerLookback;
    }

    /** Everything in the snapshot, with the default tolerances. */
    public static TimelineQuery all() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The namespace, or null for all. */
    public String namespace() {
        return namespace;
    }

    /** The window's start, or null when it is open (or given by {@link #last()}). */
    public Instant since() {
        return since;
    }

    /** The window's end, or null when it is open. */
    public Instant until() {
        return until;
    }

    /**
     * A window of this length ending at {@link #until()}, or when that is open at the latest time an object of the
     * snapshot records (events, statuses, rollouts; a dump read today about yesterday ends yesterday); null unless
     * asked for.
     */
    public Duration last() {
        return last;
    }

    /** The object the timeline is about (with what owns it, what it owns and what selects it), or null. */
    public Subject around() {
        return around;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public Duration triggerLookback() {
        return triggerLookback;
    }

    /** A builder holding this query's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.namespace = namespace;
        b.since = since;
        b.until = until;
        b.last = last;
        b.around = around;
        b.clockSkew = clockSkew;
        b.triggerLookback = triggerLookback;
        return b;
    }

    @Override
    public String toString() {
        return "TimelineQuery[namespace=" + namespace + ", since=" + since + ", until=" + until + ", last=" + last
                + ", around=" + around + ", clockSkew=" + clockSkew + ", triggerLookback=" + triggerLookback + "]";
    }

    /** Collects and checks a query's values; defaults as the constants of {@link TimelineQuery} say. */
    public static final class Builder {
        private String namespace;
        private Instant since;
        private Instant until;
        private Duration last;
        private Subject around;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Duration triggerLookback = DEFAULT_TRIGGER_LOOKBACK;

        private Builder() {
        }

        /** Only this namespace; null for all. */
        public Builder namespace(String namespace) {
            if (namespace != null && namespace.isBlank()) {
                throw new IllegalArgumentException("namespace must not be blank (null means all)");
            }
            this.namespace = namespace;
            return this;
        }

        /** The window's start (inclusive); null leaves it open. */
        public Builder since(Instant since) {
            this.since = since;
            return this;
        }

        /** The window's end (inclusive); null leaves it open. */
        public Builder until(Instant until) {
            this.until = until;
            return this;
        }

        /** A window of {@code length} ending at {@code until}, or at the snapshot's latest time; see {@link #last()}. */
        public Builder last(Duration length) {
            if (length != null && (length.isNegative() || length.isZero())) {
                throw new IllegalArgumentException("the window's length must be positive: " + length);
            }
            this.last = length;
            return this;
        }

        /** Only entries about this object and the objects it owns, that own it or that select it. */
        public Builder around(String kind, String namespace, String name) {
            if (kind == null || kind.isBlank() || name == null || name.isBlank()) {
                throw new IllegalArgumentException("around needs a kind and a name");
            }
            this.around = Subject.of(kind, namespace, name);
            return this;
        }

        /** Clears {@link #around}. */
        public Builder anywhere() {
            this.around = null;
            return this;
        }

        public Builder clockSkew(Duration tolerance) {
            Objects.requireNonNull(tolerance, "clockSkew");
            if (tolerance.isNegative()) {
                throw new IllegalArgumentException("the clock-skew tolerance must not be negative: " + tolerance);
            }
            this.clockSkew = tolerance;
            return this;
        }

        public Builder triggerLookback(Duration lookback) {
            Objects.requireNonNull(lookback, "triggerLookback");
            if (lookback.isNegative() || lookback.isZero()) {
                throw new IllegalArgumentException("the trigger lookback must be positive: " + lookback);
            }
            this.triggerLookback = lookback;
            return this;
        }

        /** @throws IllegalArgumentException when the window ends before it starts or is given twice */
        public TimelineQuery build() {
            if (since != null && until != null && since.isAfter(until)) {
                throw new IllegalArgumentException("the window ends (" + until + ") before it starts (" + since + ")");
            }
            if (since != null && last != null) {
                throw new IllegalArgumentException("give the window's start or its length, not both");
            }
            return new TimelineQuery(this);
        }
    }
}
