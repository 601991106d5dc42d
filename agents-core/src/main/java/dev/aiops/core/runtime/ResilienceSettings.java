package dev.aiops.core.runtime;

import java.time.Duration;

/**
 * Runtime-wide resilience settings. Each skill's timeout comes from its SLA; these say how hard the runtime
 * retries idempotent skills, when a skill's circuit opens, and how many calls of one skill may run at once.
 * Immutable; build with {@link #builder()}, which validates every value.
 */
public record ResilienceSettings(
        int maxAttempts,
        Duration initialBackoff,
        double backoffMultiplier,
        float failureRateThreshold,
        int slidingWindowSize,
        int minimumNumberOfCalls,
        Duration openStateWait,
        int maxConcurrentCalls) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;
    public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 10;
    public static final Duration DEFAULT_OPEN_STATE_WAIT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 32;

    public ResilienceSettings {
        require(maxAttempts >= 1, "maxAttempts must be at least 1");
        require(!initialBackoff.isNegative(), "initialBackoff must not be negative");
        require(backoffMultiplier >= 1.0, "backoffMultiplier must be at least 1");
        require(failureRateThreshold > 0 && failureRateThreshold <= 100, "failureRateThreshold must be in (0, 100]");
        require(slidingWindowSize >= 1, "slidingWindowSize must be at least 1");
        require(minimumNumberOfCalls >= 1, "minimumNumberOfCalls must be at least 1");
        require(!openStateWait.isNegative() && !openStateWait.isZero(), "openStateWait must be positive");
        require(maxConcurrentCalls >= 1, "maxConcurrentCalls must be at least 1");
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    public static ResilienceSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
        private int minimumNumberOfCalls = DEFAULT_MINIMUM_NUMBER_OF_CALLS;
        private Duration openStateWait = DEFAULT_OPEN_STATE_WAIT;
        private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;

        public Builder maxAttempts(int v) {
            maxAttempts = v;
            return this;
        }

        public Builder initialBackoff(Duration v) {
            initialBackoff = v;
            return this;
        }

        public Builder backoffMultiplier(double v) {
            backoffMultiplier = v;
            return this;
        }

        public Builder failureRateThreshold(float v) {
            failureRateThreshold = v;
            return this;
        }

        public Builder slidingWindowSize(int v) {
            slidingWindowSize = v;
            return this;
        }

        public Builder minimumNumberOfCalls(int v) {
            minimumNumberOfCalls = v;
            return this;
        }

        public Builder openStateWait(Duration v) {
            openStateWait = v;
            return this;
        }

        public Builder maxConcurrentCalls(int v) {
            maxConcurrentCalls = v;
            return this;
        }

        public ResilienceSettings build() {
            return new ResilienceSettings(maxAttempts, initialBackoff, backoffMultiplier, failureRateThreshold,
                    slidingWindowSize, minimumNumberOfCalls, openStateWait, maxConcurrentCalls);
        }
    }
}
