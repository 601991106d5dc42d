package dev.aiops.core.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a sink is tried: {@code attempts} in all (the first included), waiting {@code initialBackoff} before
 * the first retry and {@code multiplier} times longer before each next one (at most a minute). A
 * {@code Retry-After} from the server replaces the computed wait.
 */
public record RetryPolicy(int attempts, Duration initialBackoff, double multiplier) {

    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative: " + initialBackoff);
        }
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a number of at least 1, not " + multiplier);
        }
    }

    /** 4 attempts, waiting 500 ms, 1 s and 2 s between them. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(500), 2.0);
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    Duration backoff(int retry) {
        double ms = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
        return Duration.ofMillis((long) Math.min(ms, MAX_BACKOFF.toMillis()));
    }
}
