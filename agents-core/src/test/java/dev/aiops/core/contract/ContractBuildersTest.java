package dev.aiops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ContractBuildersTest {

    @Test
    void reportsEveryProblemOfASkillWithPointers() {
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> SkillContract.builder("Pods").version("one").input("{\"type\":\"objekt\"}")
                        .output("{\"properties\":{\"x\":{\"minimum\":\"zero\"}}}").build());

        assertThat(e.violations()).extracting(SchemaViolation::pointer)
                .contains("/name", "/version", "/input/type", "/output/properties/x/minimum");
    }

    @Test
    void reportsEveryProblemOfAnAgent() {
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> AgentDescriptor.builder("Bad Name").version("x")
                        .skill(SkillContract.builder("a.b").build()).skill(SkillContract.builder("a.b").build())
                        .dependsOn("c.d", "^^1").dependsOn("nodots", "*").dependsOn("c.d", "*").service(" ").build());

        assertThat(e.violations()).extracting(SchemaViolation::pointer).containsExactlyInAnyOrder(
                "/name", "/tier", "/version", "/skills/1/name", "/dependsOn/0/version", "/dependsOn/1/skill",
                "/dependsOn/2/skill", "/services");
    }

    @Test
    void slaValidatesItsNumbers() {
        assertThatThrownBy(() -> new Sla(Duration.ZERO, Duration.ofSeconds(1), 99)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> new Sla(Duration.ofSeconds(1), Duration.ofSeconds(2), 99))
                .hasMessageContaining("must not exceed the timeout");
        assertThatThrownBy(() -> new Sla(Duration.ofSeconds(1), Duration.ofMillis(1), 120))
                .hasMessageContaining("availability");
    }

    @Test
    void parsesTiersAndSideEffectsAsWritten() {
        assertThat(Tier.parse("Infrastructure")).isEqualTo(Tier.INFRASTRUCTURE);
        assertThat(Tier.parse("3")).isEqualTo(Tier.COMPOSITE);
        assertThat(Tier.DOMAIN.level()).isEqualTo(2);
        assertThatThrownBy(() -> Tier.parse("platform")).hasMessageContaining("'platform'");
        assertThat(SideEffect.parse("read-only")).isEqualTo(SideEffect.READ_ONLY);
        assertThatThrownBy(() -> SideEffect.parse("sometimes")).hasMessageContaining("'sometimes'");
    }

    @Test
    void aDescriptorKnowsItsDependencies() {
        AgentDescriptor a = AgentDescriptor.builder("diagnostics").tier(Tier.DOMAIN)
                .dependsOn("k8s.pods.list", "^1.0").build();

        assertThat(a.dependencyOn("k8s.pods.list").versions().contains(SemVer.of(1, 3, 0))).isTrue();
        assertThat(a.dependencyOn("logs.tail")).isNull();
        assertThat(SkillContract.builder("a.b").build().readOnly()).isTrue();
    }

    @Test
    void slaBoundsAreInclusiveWhereTheyShouldBe() {
        Sla equal = new Sla(Duration.ofSeconds(2), Duration.ofSeconds(2), 100);
        assertThat(equal.p95Latency()).as("p95 may equal the timeout").isEqualTo(Duration.ofSeconds(2));
        assertThat(equal.availabilityPercent()).as("100% is allowed").isEqualTo(100.0);
        assertThat(new Sla(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.001).availabilityPercent())
                .isEqualTo(0.001);
        assertThatThrownBy(() -> new Sla(Duration.ofSeconds(1), Duration.ofMillis(1), 0))
                .hasMessage("sla availability must be in (0, 100] percent, was 0.0");
        assertThatThrownBy(() -> new Sla(Duration.ofSeconds(1), Duration.ofMillis(1), 100.001))
                .hasMessage("sla availability must be in (0, 100] percent, was 100.001");
        assertThatThrownBy(() -> new Sla(Duration.ofSeconds(1), Duration.ofSeconds(1).plusNanos(1), 99))
                .hasMessageContaining("must not exceed the timeout");
    }

    @Test
    void absentDescriptionsAndContextPolicyTakeTheirDefaults() {
        SkillContract skill = new SkillContract("k8s.pods.list", SemVer.of(1, 0, 0), null,
                JsonSchema.of(JsonSchemaTest.json("{}")), JsonSchema.of(JsonSchemaTest.json("{}")),
                SideEffect.MUTATING, false, Sla.DEFAULT);
        AgentDescriptor agent = new AgentDescriptor("reader", Tier.INFRASTRUCTURE, SemVer.of(0, 1, 0), null,
                java.util.List.of(skill), java.util.List.of(), java.util.Set.of(), null);

        assertThat(skill.description()).isEmpty();
        assertThat(skill.readOnly()).as("a mutating skill").isFalse();
        assertThat(agent.description()).isEmpty();
        assertThat(agent.context()).isEqualTo(new AgentDescriptor.ContextPolicy("tool-output-trimming", 3));
        assertThat(new AgentDescriptor("reader", Tier.INFRASTRUCTURE, SemVer.of(0, 1, 0), "Reads.",
                java.util.List.of(), java.util.List.of(), java.util.Set.of(), null).description()).isEqualTo("Reads.");
    }

    @Test
    void aContextPolicyKeepsAtLeastOneTurnAndTheBuilderChains() {
        assertThat(new AgentDescriptor.ContextPolicy("sliding-window", 1).keepLastTurns()).isEqualTo(1);
        assertThatThrownBy(() -> new AgentDescriptor.ContextPolicy("sliding-window", 0))
                .hasMessage("keepLastTurns must be at least 1");
        AgentDescriptor agent = AgentDescriptor.builder("summarizer").tier(Tier.DOMAIN).version("1.0.0")
                .context(new AgentDescriptor.ContextPolicy("summarizing", 5)).service("llm")
                .skill(SkillContract.builder("notes.summarize").build()).build();

        assertThat(agent.context()).isEqualTo(new AgentDescriptor.ContextPolicy("summarizing", 5));
        assertThat(agent.services()).containsExactly("llm");
    }

    @Test
    void aDescriptorSetHasProblemsOnlyWhenOneWasReported() {
        assertThat(new DescriptorSet(java.util.List.of(), java.util.List.of()).hasProblems()).isFalse();
        assertThat(new DescriptorSet(java.util.List.of(), java.util.List.of(new DescriptorProblem("a.yaml", "",
                "bad"))).hasProblems()).isTrue();
    }
}
