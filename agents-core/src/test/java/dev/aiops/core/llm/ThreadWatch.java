package dev.aiops.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits on what another thread is doing, read from its own state and stack rather than from elapsed time: a thread
 * parked in a given method stays there until someone wakes it, so once seen parked, what it has done so far is final.
 */
final class ThreadWatch {

    private ThreadWatch() {
    }

    /**
     * Waits until {@code thread} is known and in {@code state} inside {@code method}. The state tells a wait on a
     * condition from a wait for a lock: {@code ArrayBlockingQueue.offer} with a time limit waits for room in
     * {@code TIMED_WAITING}, but for the queue's lock in {@code WAITING}.
     */
    static void awaitParkedIn(Supplier<Thread> thread, Thread.State state, Class<?> type, String method) {
        await(thread, "waits (" + state + ") in " + type.getSimpleName() + "." + method,
                t -> t.getState() == state && onStack(t, type, method));
    }

    /** Waits until {@code thread} is known and no longer runs any method of {@code type}. */
    static void awaitOutOf(Supplier<Thread> thread, Class<?> type) {
        await(thread, "leaves " + type.getSimpleName(), t -> !onStack(t, type, null));
    }

    private static void await(Supplier<Thread> thread, String what, Predicate<Thread> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (thread.get() == null || !condition.test(thread.get())) {
            assertThat(System.nanoTime()).as("the thread " + what).isLessThan(deadline);
            Thread.yield();
        }
    }

    private static boolean onStack(Thread t, Class<?> type, String method) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().equals(type.getName())
                    && (method == null || frame.getMethodName().equals(method))) {
                return true;
            }
        }
        return false;
    }
}
