package dev.aiops.domain.runbook;

import java.util.List;

/**
 * A reviewed procedure for one finding: steps to confirm, save, fix and verify, and a rollback plan that restores
 * what the steps change.
 *
 * @param findingId the finding it answers
 * @param title     one line
 * @param steps     in order; commands are for a person to review and run
 * @param rollback  how to undo the changing steps, in order
 */
public record Runbook(String findingId, String title, List<Step> steps, List<Step> rollback) {

    public Runbook {
        steps = List.copyOf(steps);
        rollback = List.copyOf(rollback);
    }

    /** One step: what and why, the command (or null for advice), and whether it interrupts anything. */
    public record Step(String description, String command, boolean destructive) {
    }
}
