package dev.aiops.core.runtime;

import dev.aiops.core.contract.SkillContract;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The resilience4j decorators of one skill, built from its SLA: a time limiter on every attempt, retries for
 * idempotent skills on retryable failures only, a circuit breaker and a bulkhead. Handlers know nothing of it.
 */
final class SkillGuard {

    /** How one guarded execution ended. */
    record Outcome(@Nullable Object value, @Nullable ErrorCode error, @Nullable String message, @Nullable Throwable cause,
                   int attempts) {
    }

    /** One attempt of the handler, on the calling thread under the watchdog or on an isolating executor. */
    @FunctionalInterface
    interface Attempt {
        @Nullable Object run(int attempt) throws Exception;
    }

    private final SkillContract contract;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final TimeLimiter limiter;
    private final Retry retry;

    SkillGuard(SkillContract contract, ResilienceSettings settings) {
        this.contract = contract;
        String name = contract.name();
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .waitDurationInOpenState(settings.openStateWait())
                .build());
        this.bulkhead = Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.limiter = TimeLimiter.of(name, TimeLimiterConfig.custom()
                .timeoutDuration(contract.sla().timeout())
                .cancelRunningFuture(true)
                .build());
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(contract.idempotent() ? settings.maxAttempts() : 1)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                        settings.initialBackoff().isZero() ? Duration.ofMillis(1) : settings.initialBackoff(),
                        settings.backoffMultiplier()))
                .retryOnException(SkillGuard::retryable)
                .failAfterMaxAttempts(false)
                .build());
    }

    CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    static boolean retryable(Throwable t) {
        if (t instanceof SkillException s) return s.retryable();
        return t instanceof IOException || t instanceof TimeoutException;
    }

    /**
     * Runs {@code attempt} under bulkhead, breaker, time limit and retry, never past {@code deadlineNanos}
     * (a {@link System#nanoTime()} value).
     */
    Outcome execute(Attempt attempt, @Nullable ExecutorService executor, Watchdog watchdog, long deadlineNanos) {
        if (!bulkhead.tryAcquirePermission()) {
            return new Outcome(null, ErrorCode.BULKHEAD_FULL, "more than "
                    + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " calls of '" + contract.name()
                    + "' are running", null, 0);
        }
        try {
            Retry.Context<Object> ctx = retry.context();
            int attempts = 0;
            while (true) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return new Outcome(null, ErrorCode.DEADLINE_EXCEEDED, "deadline passed after "
                            + attempts + " attempt(s) of '" + contract.name() + "'", null, attempts);
                }
                if (!breaker.tryAcquirePermission()) {
                    return new Outcome(null, ErrorCode.CIRCUIT_OPEN, "circuit breaker of '" + contract.name()
                            + "' is " + breaker.getState(),
                            CallNotPermittedException.createCallNotPermittedException(breaker), attempts);
                }
                attempts++;
                long start = System.nanoTime();
                try {
                    Object value = timed(attempt, attempts, executor, watchdog, remaining);
                    breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    ctx.onComplete();
                    return new Outcome(value, null, null, null, attempts);
                } catch (InterruptedException e) {
                    breaker.releasePermission();
                    Thread.currentThread().interrupt();
                    return new Outcome(null, ErrorCode.INTERRUPTED, "interrupted", e, attempts);
                } catch (Exception e) {
                    breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                    try {
                        ctx.onError(e);
                    } catch (Exception finalError) {
                        return failure(finalError, attempts);
                    }
                }
            }
        } finally {
            bulkhead.onComplete();
        }
    }

    private @Nullable Object timed(Attempt attempt, int n, @Nullable ExecutorService executor, Watchdog watchdog,
                                   long remainingNanos)
            throws Exception {
        if (executor == null) {
            return watchdog.run(attempt, n, Math.min(remainingNanos, contract.sla().timeout().toNanos()));
        }
        TimeLimiter effective = remainingNanos < contract.sla().timeout().toNanos()
                ? TimeLimiter.of(Duration.ofNanos(remainingNanos)) : limiter;
        try {
            // a FutureTask, unlike a CompletableFuture, interrupts the handler when the limiter cancels it
            return effective.executeFutureSupplier(() -> executor.submit(() -> attempt.run(n)));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private Outcome failure(Exception e, int attempts) {
        if (e instanceof TimeoutException) {
            return new Outcome(null, ErrorCode.TIMEOUT, "'" + contract.name() + "' took longer than its timeout of "
                    + contract.sla().timeout().toMillis() + " ms (attempt " + attempts + ")", e, attempts);
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new Outcome(null, ErrorCode.HANDLER_ERROR, detail, e, attempts);
    }
}
