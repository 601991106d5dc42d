package dev.aiops.domain.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.contract.DescriptorSet;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.llm.StrictTool;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.ErrorCode;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import dev.aiops.infra.k8s.ClusterSnapshot;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** timeline.build runs through the runtime against its own descriptor in skills/. */
class TimelineAgentTest {

    private static AgentRuntime runtime(Supplier<ClusterSnapshot> cluster) {
        DescriptorSet descriptors = DescriptorLoader.loadDirectory(Path.of("..", "skills"));
        CompositionGraph graph = CompositionGraph.of(descriptors.descriptors(), Set.of("kubernetes-api"));
        return AgentRuntime.builder(graph).bind(TimelineAgent.SKILL, TimelineAgent.handler(cluster)).build();
    }

    @Test
    void buildsAContractTimelineThroughTheRuntime() {
        ObjectNode in = Fixtures.JSON.createObjectNode().put("since", "2026-12-07T09:00:00Z")
                .put("until", "2026-12-07T11:00:00Z").put("namespace", "shop").put("around", "deploy/cart")
                .put("clockSkewToleranceMs", 1500);

        try (AgentRuntime runtime = runtime(() -> Fixtures.dump("rollout-then-failure"))) {
            InvocationResult r = runtime.invoke(TimelineAgent.SKILL, in, InvocationContext.create());

            assertThat(r.isSuccess()).as(r.toString()).isTrue();
            assertThat(Fixtures.contract().validate(r.output())).isEmpty();
            assertThat(r.output().path("clockSkewToleranceMs").asInt()).isEqualTo(1500);
            assertThat(r.output().path("scope").path("around").path("kind").asString()).isEqualTo("Deployment");
            assertThat(r.output().path("window").path("end").asString()).isEqualTo("2026-12-07T11:00:00Z");
            int trigger = r.output().path("markers").path("trigger").asInt();
            assertThat(r.output().path("entries").get(trigger).path("object").path("name").asString())
                    .isEqualTo("cart-7f9c6d8b4");
            assertThat(r.envelope().path()).containsExactly("incident-timeline");
        }
    }

    @Test
    void refusesInputThatIsNoWindowOrObject() {
        ObjectNode reversed = Fixtures.JSON.createObjectNode().put("since", "2026-12-07T11:00:00Z")
                .put("until", "2026-12-07T09:00:00Z");
        ObjectNode badObject = Fixtures.JSON.createObjectNode().put("since", "2026-12-07T09:00:00Z")
                .put("around", "cart");
        ObjectNode unknownField = Fixtures.JSON.createObjectNode().put("since", "2026-12-07T09:00:00Z")
                .put("source", "dump");

        try (AgentRuntime runtime = runtime(() -> Fixtures.dump("rollout-then-failure"))) {
            InvocationResult a = runtime.invoke(TimelineAgent.SKILL, reversed, InvocationContext.create());
            InvocationResult b = runtime.invoke(TimelineAgent.SKILL, badObject, InvocationContext.create());
            InvocationResult c = runtime.invoke(TimelineAgent.SKILL, unknownField, InvocationContext.create());

            assertThat(a.error()).isEqualTo(ErrorCode.HANDLER_ERROR);
            assertThat(a.message()).contains("before it starts");
            assertThat(a.attempts()).isEqualTo(1);
            assertThat(b.message()).contains("KIND/NAME");
            assertThat(c.error()).isEqualTo(ErrorCode.INVALID_INPUT);
        }
    }

    @Test
    void itsInputFitsStrictFunctionCalling() {
        CompositionGraph graph = CompositionGraph.of(DescriptorLoader.loadDirectory(Path.of("..", "skills"))
                .descriptors(), Set.of("kubernetes-api"));
        SkillContract contract = graph.skill(TimelineAgent.SKILL);

        assertThat(StrictTool.problems(contract)).isEmpty();
        assertThat(contract.version().toString()).isEqualTo("1.1.0");
    }
}
