package dev.aiops.core.runtime;

import dev.aiops.core.contract.SkillContract;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/** One call of a skill as its handler sees it: the validated input, the envelope, and a way to call further. */
public final class SkillCall {

    private final AgentRuntime runtime;
    private final Envelope envelope;
    private final SkillContract contract;
    private final int attempt;

    SkillCall(AgentRuntime runtime, Envelope envelope, SkillContract contract, int attempt) {
        this.runtime = runtime;
        this.envelope = envelope;
        this.contract = contract;
        this.attempt = attempt;
    }

    /** The input, already validated against the skill's input schema. */
    public JsonNode input() {
        // the runtime validated it, and gives a missing input to the handler as JSON null
        JsonNode data = envelope.data();
        return data == null ? NullNode.getInstance() : data;
    }

    public Envelope envelope() {
        return envelope;
    }

    public SkillContract contract() {
        return contract;
    }

    /** The agent running this call. */
    public String agent() {
        // a call reaches a handler only after the path named the agent that runs it
        return Objects.requireNonNull(envelope.callee());
    }

    /** 1 for the first attempt, higher when the runtime retries. */
    public int attempt() {
        return attempt;
    }

    /**
     * Calls another skill as this agent. The runtime refuses, as an error result, a skill this agent did not
     * declare, a call deeper than the maximum depth, and a call back to an agent already on the path.
     */
    public InvocationResult invoke(String skill, JsonNode input) {
        return runtime.invokeFrom(envelope, skill, input);
    }
}
