package dev.aiops.core.graph;

import static dev.aiops.core.graph.Agents.agent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.contract.Tier;
import dev.aiops.core.graph.GraphViolation.Rule;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompositionGraphTest {

    private static List<GraphViolation> of(Rule rule, CompositionGraph g) {
        return g.violations().stream().filter(v -> v.rule() == rule).toList();
    }

    @Test
    void acceptsAValidThreeTierComposition() {
        CompositionGraph g = CompositionGraph.of(List.of(
                agent("oncall", Tier.COMPOSITE, "diagnostics", "runbooks"),
                agent("diagnostics", Tier.DOMAIN, "cluster", "logs"),
                agent("runbooks", Tier.DOMAIN, "diagnostics"),
                agent("cluster", Tier.INFRASTRUCTURE),
                agent("logs", Tier.INFRASTRUCTURE)), Set.of());

        assertThat(g.violations()).isEmpty();
        assertThat(g.isValid()).isTrue();
        assertThat(g.edgesFrom("oncall")).extracting(CompositionGraph.Edge::to)
                .containsExactly("diagnostics", "runbooks");
    }

    @Test
    void rejectsCycleAndReportsItsPath() {
        CompositionGraph g = CompositionGraph.of(List.of(
                agent("a", "b"), agent("b", "c"), agent("c", "a"), agent("d", "a")), Set.of());

        List<GraphViolation> cycles = of(Rule.CYCLE, g);
        assertThat(cycles).hasSize(1);
        assertThat(cycles.get(0).path()).hasSize(4);
        assertThat(cycles.get(0).path().get(0)).isEqualTo(cycles.get(0).path().get(3));
        assertThat(String.join(" -> ", cycles.get(0).path()))
                .isIn("a -> b -> c -> a", "b -> c -> a -> b", "c -> a -> b -> c");
        assertThat(cycles.get(0).message()).startsWith("cycle: ");
        assertThat(g.isValid()).isFalse();
    }

    @Test
    void rejectsSelfLoop() {
        CompositionGraph g = CompositionGraph.of(List.of(agent("a", "a")), Set.of());

        assertThat(of(Rule.CYCLE, g)).singleElement()
                .satisfies(v -> assertThat(v.path()).containsExactly("a", "a"));
    }

    @Test
    void reportsEveryIndependentCycle() {
        CompositionGraph g = CompositionGraph.of(List.of(
                agent("a", "b"), agent("b", "a"), agent("x", "y"), agent("y", "x")), Set.of());

        assertThat(of(Rule.CYCLE, g)).hasSize(2);
    }

    @Test
    void acceptsDepthThreeAndRejectsDepthFourWithThePath() {
        CompositionGraph three = CompositionGraph.of(List.of(
                agent("root", "l1"), agent("l1", "l2"), agent("l2", "l3"), agent("l3")), Set.of());
        CompositionGraph four = CompositionGraph.of(List.of(
                agent("root", "l1"), agent("l1", "l2"), agent("l2", "l3"), agent("l3", "l4"), agent("l4")),
                Set.of());

        assertThat(three.violations()).isEmpty();
        assertThat(of(Rule.DEPTH_EXCEEDED, four)).singleElement().satisfies(v -> {
            assertThat(v.agent()).isEqualTo("root");
            assertThat(v.path()).containsExactly("root", "l1", "l2", "l3", "l4");
            assertThat(v.message()).contains("depth 4 exceeds 3");
        });
    }

    @Test
    void depthFollowsTheLongestBranch() {
        CompositionGraph g = CompositionGraph.of(List.of(
                agent("root", "short", "l1"), agent("short"), agent("l1", "l2"), agent("l2", "l3"),
                agent("l3", "l4"), agent("l4", "l5"), agent("l5")), Set.of());

        assertThat(of(Rule.DEPTH_EXCEEDED, g)).singleElement().satisfies(v -> {
            assertThat(v.path()).containsExactly("root", "l1", "l2", "l3", "l4");
            assertThat(v.message()).contains("depth 5");
        });
    }

    @Test
    void rejectsUpwardCallButAllowsSameTier() {
        CompositionGraph g = CompositionGraph.of(List.of(
                agent("reader", Tier.INFRASTRUCTURE, "oncall"),
                agent("oncall", Tier.COMPOSITE, "postmortem"),
                agent("postmortem", Tier.COMPOSITE)), Set.of());

        assertThat(of(Rule.UPWARD_CALL, g)).singleElement().satisfies(v -> {
            assertThat(v.agent()).isEqualTo("reader");
            assertThat(v.path()).containsExactly("reader", "oncall");
            assertThat(v.message()).contains("infrastructure agent 'reader'", "composite agent 'oncall'");
        });
    }

    @Test
    void rejectsUnknownSkillAndVersionOutsideRange() {
        AgentDescriptor provider = AgentDescriptor.builder("provider").tier(Tier.INFRASTRUCTURE)
                .skill(SkillContract.builder("k8s.pods.list").version("2.1.0").build()).build();
        AgentDescriptor caller = AgentDescriptor.builder("caller").tier(Tier.DOMAIN)
                .dependsOn("k8s.pods.list", "^1.0").dependsOn("k8s.nodes.list", "*").build();

        CompositionGraph g = CompositionGraph.of(List.of(provider, caller), Set.of());

        assertThat(of(Rule.UNKNOWN_SKILL, g)).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("'k8s.nodes.list'"));
        assertThat(of(Rule.VERSION_MISMATCH, g)).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("^1.0", "2.1.0"));
    }

    @Test
    void rejectsDuplicateProvidersAndAgents() {
        AgentDescriptor one = AgentDescriptor.builder("one").tier(Tier.DOMAIN)
                .skill(SkillContract.builder("shared.skill").build()).build();
        AgentDescriptor two = AgentDescriptor.builder("two").tier(Tier.DOMAIN)
                .skill(SkillContract.builder("shared.skill").build()).build();

        CompositionGraph g = CompositionGraph.of(List.of(one, two, one), Set.of());

        assertThat(of(Rule.DUPLICATE_PROVIDER, g)).singleElement()
                .satisfies(v -> assertThat(v.path()).containsExactly("one", "two"));
        assertThat(of(Rule.DUPLICATE_AGENT, g)).hasSize(1);
        assertThat(g.agents()).hasSize(2);
    }

    @Test
    void warnsAboutUnconfiguredServicesWithoutFailing() {
        AgentDescriptor a = AgentDescriptor.builder("metrics").tier(Tier.INFRASTRUCTURE)
                .service("prometheus").service("kubernetes-api").build();

        CompositionGraph g = CompositionGraph.of(List.of(a), Set.of("kubernetes-api"));

        assertThat(g.isValid()).isTrue();
        assertThat(g.warnings()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rule.SERVICE_NOT_CONFIGURED);
            assertThat(v.message()).contains("'prometheus'");
        });
    }

    @Test
    void reportsEveryViolationAtOnce() {
        CompositionGraph g = CompositionGraph.of(List.of(
                agent("a", Tier.INFRASTRUCTURE, "b"), agent("b", Tier.DOMAIN, "a"),
                agent("c", Tier.DOMAIN, "missing")), Set.of());

        assertThat(g.errors()).extracting(GraphViolation::rule)
                .contains(Rule.CYCLE, Rule.UPWARD_CALL, Rule.UNKNOWN_SKILL);
    }

    @Test
    void handlesVeryLongChainsWithoutRecursion() {
        int n = 100_000;
        java.util.List<AgentDescriptor> chain = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            chain.add(i + 1 < n ? agent("a" + i, "a" + (i + 1)) : agent("a" + i));
        }

        CompositionGraph g = CompositionGraph.of(chain, Set.of());

        assertThat(of(Rule.DEPTH_EXCEEDED, g)).singleElement()
                .satisfies(v -> assertThat(v.path()).containsExactly("a0", "a1", "a2", "a3", "a4"));
    }

    @Test
    void aDepthMessageShowsThePathAndMarksOneCutShort() {
        CompositionGraph four = CompositionGraph.of(List.of(
                agent("root", "l1"), agent("l1", "l2"), agent("l2", "l3"), agent("l3", "l4"), agent("l4")),
                Set.of());
        CompositionGraph five = CompositionGraph.of(List.of(
                agent("root", "l1"), agent("l1", "l2"), agent("l2", "l3"), agent("l3", "l4"), agent("l4", "l5"),
                agent("l5")), Set.of());

        assertThat(of(Rule.DEPTH_EXCEEDED, four)).extracting(GraphViolation::message)
                .containsExactly("subagent depth 4 exceeds 3: root -> l1 -> l2 -> l3 -> l4");
        assertThat(of(Rule.DEPTH_EXCEEDED, five)).extracting(GraphViolation::message)
                .containsExactly("subagent depth 5 exceeds 3: root -> l1 -> l2 -> l3 -> l4 -> ...");
    }

    @Test
    void looksUpAgentsSkillsAndProvidersAndKeepsWarningsApartFromErrors() {
        AgentDescriptor writer = AgentDescriptor.builder("writer").tier(Tier.DOMAIN).service("llm")
                .skill(SkillContract.builder("writer.run").build()).build();
        CompositionGraph g = CompositionGraph.of(List.of(writer, agent("loop", "loop")), Set.of());

        assertThat(g.agent("writer")).isEqualTo(writer);
        assertThat(g.agent("nobody")).isNull();
        assertThat(g.providerOf("loop.run").name()).isEqualTo("loop");
        assertThat(g.providerOf("nobody.run")).isNull();
        assertThat(g.skill("writer.run")).isEqualTo(writer.skills().get(0));
        assertThat(g.skill("nobody.run")).isNull();
        assertThat(g.skills()).extracting(SkillContract::name).containsExactly("writer.run", "loop.run");
        assertThat(g.warnings()).extracting(GraphViolation::rule).containsExactly(Rule.SERVICE_NOT_CONFIGURED);
        assertThat(g.errors()).extracting(GraphViolation::rule).containsExactly(Rule.CYCLE);
        assertThat(g.errors().get(0)).hasToString("error CYCLE loop: " + g.errors().get(0).message());
        assertThat(g.warnings().get(0).toString()).startsWith("warning SERVICE_NOT_CONFIGURED writer: ");
    }
}
