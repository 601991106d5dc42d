package dev.aiops.composite.oncall;

import dev.aiops.core.llm.Usage;
import java.util.List;

/**
 * One turn of a session.
 *
 * @param input      what the person typed
 * @param kind       how it was answered
 * @param answer     the answer as shown (unknown names marked)
 * @param findings   ids of the findings the answer cites
 * @param ungrounded names in a model's answer that do not exist in the cluster
 * @param tools      the tools the model called, {@code name(arguments) -> status}
 * @param usage      what the model calls of this turn cost
 * @param cancelled  true when the answer was cancelled before it was complete
 */
public record Turn(String input, Kind kind, String answer, List<String> findings, List<String> ungrounded,
                   List<String> tools, Usage usage, boolean cancelled) {

    /** How a turn was answered. */
    public enum Kind { COMMAND, MODEL, OFFLINE, EXIT }

    public Turn {
        findings = List.copyOf(findings);
        ungrounded = List.copyOf(ungrounded);
        tools = List.copyOf(tools);
    }
}
