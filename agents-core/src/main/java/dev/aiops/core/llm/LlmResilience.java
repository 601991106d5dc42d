package dev.aiops.core.llm;

import java.time.Duration;

/**
 * How the gateway protects model calls.
 *
 * @param maxAttempts        attempts per call, the first included
 * @param initialBackoff     the wait before the first retry; it doubles each retry
 * @param maxBackoff         the longest computed wait
 * @param jitter             the fraction of each wait drawn at random (0.25 waits 75-125% of the computed time)
 * @param maxRetryAfter      the longest {@code Retry-After} honoured; a longer one fails the call at once
 * @param callTimeout        per attempt, for providers other than {@link OpenAiOfficialModel} (whose HTTP client
 *                           enforces the timeout from {@link LlmSettings} itself)
 * @param failureRateToOpen  percentage of failed calls (over the last {@code breakerWindow}) that opens the breaker
 * @param breakerWindow      calls the breaker looks at
 * @param openFor            how long an open breaker refuses calls before it lets one through
 * @param callsPerSecond     the rate limit of calls to the provider
 * @param rateLimitWait      how long a call waits for a permit before it fails
 */
public record LlmResilience(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter,
                            Duration maxRetryAfter, Duration callTimeout, float failureRateToOpen,
                            int breakerWindow, Duration openFor, int callsPerSecond, Duration rateLimitWait) {

    public static final LlmResilience DEFAULT = new LlmResilience(4, Duration.ofMillis(500), Duration.ofSeconds(20),
            0.25, Duration.ofSeconds(60), Duration.ofSeconds(60), 50f, 20, Duration.ofSeconds(30), 50,
            Duration.ofSeconds(10));

    public LlmResilience {
        if (maxAttempts < 1 || jitter < 0 || jitter >= 1 || breakerWindow < 1 || callsPerSecond < 1) {
            throw new IllegalArgumentException("invalid resilience settings: " + this);
        }
    }

    public LlmResilience withBackoff(Duration initial, Duration max) {
        return new LlmResilience(maxAttempts, initial, max, jitter, maxRetryAfter, callTimeout, failureRateToOpen,
                breakerWindow, openFor, callsPerSecond, rateLimitWait);
    }

    public LlmResilience withMaxAttempts(int attempts) {
        return new LlmResilience(attempts, initialBackoff, maxBackoff, jitter, maxRetryAfter, callTimeout,
                failureRateToOpen, breakerWindow, openFor, callsPerSecond, rateLimitWait);
    }

    public LlmResilience withCallTimeout(Duration timeout) {
        return new LlmResilience(maxAttempts, initialBackoff, maxBackoff, jitter, maxRetryAfter, timeout,
                failureRateToOpen, breakerWindow, openFor, callsPerSecond, rateLimitWait);
    }

    public LlmResilience withBreaker(float failureRate, int window, Duration open) {
        return new LlmResilience(maxAttempts, initialBackoff, maxBackoff, jitter, maxRetryAfter, callTimeout,
                failureRate, window, open, callsPerSecond, rateLimitWait);
    }

    public LlmResilience withRateLimit(int perSecond, Duration wait) {
        return new LlmResilience(maxAttempts, initialBackoff, maxBackoff, jitter, maxRetryAfter, callTimeout,
                failureRateToOpen, breakerWindow, openFor, perSecond, wait);
    }

    /** The wait before retry number {@code retry} (1 for the first retry), without jitter. */
    Duration backoff(int retry) {
        long ms = initialBackoff.toMillis() << Math.min(retry - 1, 20);
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
