package dev.aiops.core.runtime;

import tools.jackson.databind.JsonNode;

/**
 * The code behind one skill. Handlers are stateless: everything they need arrives in the {@link SkillCall},
 * and they reach other agents only through {@link SkillCall#invoke}, which the runtime checks against the
 * composition graph.
 */
@FunctionalInterface
public interface SkillHandler {

    /**
     * Runs the skill.
     *
     * @return output that must satisfy the skill's output schema
     * @throws SkillException to say whether a retry may help; any other exception is not retried
     *                        unless it is an {@link java.io.IOException}
     */
    JsonNode handle(SkillCall call) throws Exception;
}
