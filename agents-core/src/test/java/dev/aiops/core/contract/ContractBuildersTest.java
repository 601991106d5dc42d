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
}
