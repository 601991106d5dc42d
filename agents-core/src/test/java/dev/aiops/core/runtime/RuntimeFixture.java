package dev.aiops.core.runtime;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SideEffect;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.contract.Sla;
import dev.aiops.core.contract.Tier;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Contracts and JSON helpers shared by the runtime tests. */
final class RuntimeFixture {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final String PODS_INPUT = """
            {"type":"object","required":["namespace"],"additionalProperties":false,
             "properties":{"namespace":{"type":"string","minLength":1},"limit":{"type":"integer","minimum":1}}}""";
    static final String PODS_OUTPUT = """
            {"type":"object","required":["pods"],
             "properties":{"pods":{"type":"array","items":{"type":"object","required":["name"],
                 "properties":{"name":{"type":"string"}}}}}}""";
    static final String ANY_OBJECT = "{\"type\":\"object\"}";

    private RuntimeFixture() {
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static SkillContract.Builder skill(String name) {
        return SkillContract.builder(name).input(ANY_OBJECT).output(ANY_OBJECT)
                .sla(new Sla(Duration.ofSeconds(2), Duration.ofSeconds(1), 99.0));
    }

    static SkillContract pods() {
        return SkillContract.builder("k8s.pods.list").version("1.2.0").input(PODS_INPUT).output(PODS_OUTPUT)
                .sla(new Sla(Duration.ofSeconds(2), Duration.ofMillis(500), 99.5)).build();
    }

    static SkillContract nonIdempotent(String name) {
        return skill(name).sideEffect(SideEffect.MUTATING).idempotent(false).build();
    }

    static AgentDescriptor agent(String name, Tier tier, SkillContract skill, String... deps) {
        AgentDescriptor.Builder b = AgentDescriptor.builder(name).tier(tier).skill(skill);
        for (String d : deps) {
            b.dependsOn(d, "*");
        }
        return b.build();
    }
}
