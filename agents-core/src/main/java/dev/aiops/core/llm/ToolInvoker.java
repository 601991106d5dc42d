package dev.aiops.core.llm;

import dev.aiops.core.runtime.InvocationResult;
import tools.jackson.databind.JsonNode;

/**
 * Runs a model-chosen skill. Inside an agent's handler this is {@code call::invoke} of its
 * {@link dev.aiops.core.runtime.SkillCall}, so the runtime's depth, cycle and declared-dependency rules hold for
 * calls the model chose exactly as for calls written in code.
 */
@FunctionalInterface
public interface ToolInvoker {

    InvocationResult invoke(String skill, JsonNode input);
}
