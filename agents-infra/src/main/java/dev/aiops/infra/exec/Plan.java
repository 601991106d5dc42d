package dev.aiops.infra.exec;

import dev.aiops.infra.command.KubectlCommand;
import java.util.List;

/**
 * What running a reviewed command would do, decided before anything runs.
 *
 * @param command  the reviewed command
 * @param route    how it would run
 * @param changes  the objects it would change (empty for read-only commands)
 * @param refusal  why it cannot run here, or null when it can
 * @param dryRunBy who computed {@code changes}: {@code server} (server-side dry run) or {@code client}
 */
public record Plan(KubectlCommand command, Route route, List<Change> changes, String refusal, String dryRunBy) {

    /** How a command runs. */
    public enum Route {
        /** read from the session's cluster state (a snapshot, or a fresh read of a live cluster) */
        READ,
        /** changed through the Kubernetes API (fabric8) */
        API,
        /** handed to a {@code kubectl} found on PATH, as an argument vector, against a live cluster */
        KUBECTL,
        /** cannot run */
        NONE
    }

    public Plan {
        changes = List.copyOf(changes);
    }

    static Plan refused(KubectlCommand command, String why) {
        return new Plan(command, Route.NONE, List.of(), why, null);
    }

    public boolean runnable() {
        return refusal == null;
    }
}
