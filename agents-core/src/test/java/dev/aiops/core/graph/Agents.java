package dev.aiops.core.graph;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.contract.Tier;

/** Short-hand descriptors for graph tests: agent {@code x} provides skill {@code x.run}. */
public final class Agents {

    private Agents() {
    }

    public static String skillOf(String agent) {
        return agent.replace('-', '_').replace("_", "") + ".run";
    }

    /** Agent {@code name} in {@code tier} providing {@code skillOf(name)} and calling the skills of {@code calls}. */
    public static AgentDescriptor agent(String name, Tier tier, String... calls) {
        AgentDescriptor.Builder b = AgentDescriptor.builder(name).tier(tier)
                .skill(SkillContract.builder(skillOf(name)).build());
        for (String c : calls) {
            b.dependsOn(skillOf(c), "^1.0");
        }
        return b.build();
    }

    public static AgentDescriptor agent(String name, String... calls) {
        return agent(name, Tier.DOMAIN, calls);
    }
}
