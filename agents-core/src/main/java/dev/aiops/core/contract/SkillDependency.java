package dev.aiops.core.contract;

import java.util.Objects;

/**
 * A skill an agent may call, with the versions it accepts. Calls to skills not declared here are refused,
 * both when the composition graph is built and at run time.
 */
public record SkillDependency(String skill, VersionRange versions) {

    public SkillDependency {
        Objects.requireNonNull(skill, "skill");
        Objects.requireNonNull(versions, "versions");
    }

    public static SkillDependency of(String skill, String range) {
        return new SkillDependency(skill, VersionRange.parse(range));
    }

    @Override
    public String toString() {
        return skill + "@" + versions;
    }
}
