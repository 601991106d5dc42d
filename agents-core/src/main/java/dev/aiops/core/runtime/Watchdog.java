package dev.aiops.core.runtime;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Enforces a time limit on code that runs on the calling thread: a shared timer interrupts the caller at the
 * deadline, and the caller turns that into a {@link TimeoutException}. Cheaper than handing the work to another
 * thread (see ADR 0006), and an interrupt aimed at one attempt never leaks into the caller's later work.
 */
final class Watchdog implements AutoCloseable {

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int FIRING = 2;
    private static final int FIRED = 3;

    private final ScheduledThreadPoolExecutor timer;

    Watchdog() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "aiops-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code attempt} on this thread; past {@code timeoutNanos} it is interrupted and a timeout thrown. */
    @Nullable Object run(SkillGuard.Attempt attempt, int n, long timeoutNanos) throws Exception {
        Thread caller = Thread.currentThread();
        AtomicInteger state = new AtomicInteger(RUNNING);
        ScheduledFuture<?> alarm = timer.schedule(() -> {
            if (state.compareAndSet(RUNNING, FIRING)) {
                caller.interrupt();
                state.set(FIRED);
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        @Nullable Object value;
        Throwable failure = null;
        try {
            value = attempt.run(n);
        } catch (Exception | Error e) {
            // an Error too: leaving with the alarm still set would interrupt this thread later, in other work
            value = null;
            failure = e;
        }
        if (state.compareAndSet(RUNNING, DONE)) {
            alarm.cancel(false);
            if (failure instanceof Error error) throw error;
            if (failure != null) throw (Exception) failure;
            return value;
        }
        while (state.get() == FIRING) {
            Thread.onSpinWait();
        }
        Thread.interrupted(); // the alarm's interrupt belongs to this attempt only
        throw new TimeoutException("timed out after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    }

    /** Alarms set and not yet fired or cancelled. */
    int pendingAlarms() {
        return timer.getQueue().size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
