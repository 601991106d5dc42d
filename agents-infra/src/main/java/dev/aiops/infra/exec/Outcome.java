package dev.aiops.infra.exec;

import java.util.List;

/**
 * What running a command did.
 *
 * @param succeeded false when the API server or kubectl refused or failed
 * @param output    what the command printed (read-only commands) or a one-line summary per change
 * @param applied   the changes made, with the state before each (for rollback)
 */
public record Outcome(boolean succeeded, String output, List<Change> applied) {

    public Outcome {
        applied = List.copyOf(applied);
    }
}
