package dev.aiops.core.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * A way to stop a streamed answer from another thread (a terminal's Ctrl-C): {@link #cancel()} runs the actions
 * registered so far and every action registered afterwards at once. Use a new one per answer.
 */
public final class Cancellation {

    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    public static Cancellation create() {
        return new Cancellation();
    }

    public void cancel() {
        List<Runnable> run;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            run = new ArrayList<>(actions);
            actions.clear();
        }
        run.forEach(Runnable::run);
    }

    public synchronized boolean cancelled() {
        return cancelled;
    }

    /** Runs {@code action} on cancel, or now when already cancelled. */
    void onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }
}
