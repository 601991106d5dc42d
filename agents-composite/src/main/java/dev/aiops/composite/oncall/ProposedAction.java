package dev.aiops.composite.oncall;

import dev.aiops.infra.command.CommandClass;
import java.util.List;

/**
 * A command waiting for approval, with what it would change.
 *
 * @param command      the command as given
 * @param commandClass its class after review
 * @param reason       why the agent (or the person) wants it
 * @param requestedBy  {@code model} or {@code user}
 * @param diff         the change as a unified diff (from a server-side dry run where possible), or empty
 * @param objects      the objects it changes, {@code Kind namespace/name}
 */
public record ProposedAction(String command, CommandClass commandClass, String reason, String requestedBy,
                             String diff, List<String> objects) {

    public ProposedAction {
        objects = List.copyOf(objects);
        diff = diff == null ? "" : diff;
    }
}
