package dev.aiops.core.llm;

import java.util.List;

/** A skill contract whose input schema cannot be a strict tool definition, with every reason. */
public final class StrictSchemaException extends IllegalArgumentException {

    private final String skill;
    private final List<String> reasons;

    public StrictSchemaException(String skill, List<String> reasons) {
        super("skill '" + skill + "' does not fit strict function calling:\n  " + String.join("\n  ", reasons));
        this.skill = skill;
        this.reasons = List.copyOf(reasons);
    }

    public String skill() {
        return skill;
    }

    /** One line per reason, each starting with the JSON pointer into the input schema. */
    public List<String> reasons() {
        return reasons;
    }
}
