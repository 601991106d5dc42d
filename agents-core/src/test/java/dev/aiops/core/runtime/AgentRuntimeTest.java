package dev.aiops.core.runtime;

import static dev.aiops.core.runtime.RuntimeFixture.agent;
import static dev.aiops.core.runtime.RuntimeFixture.json;
import static dev.aiops.core.runtime.RuntimeFixture.pods;
import static dev.aiops.core.runtime.RuntimeFixture.skill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SchemaViolation;
import dev.aiops.core.contract.Tier;
import dev.aiops.core.graph.CompositionGraph;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AgentRuntimeTest {

    private AgentRuntime runtime;

    @AfterEach
    void close() {
        if (runtime != null) runtime.close();
    }

    /** oncall (3) -> diagnostics (2) -> cluster (1); diagnostics also declares logs.tail, which oncall does not. */
    private static CompositionGraph chain() {
        return CompositionGraph.of(List.of(
                agent("oncall", Tier.COMPOSITE, skill("oncall.answer").build(), "diagnose.run"),
                agent("diagnostics", Tier.DOMAIN, skill("diagnose.run").build(), "k8s.pods.list", "logs.tail"),
                agent("cluster", Tier.INFRASTRUCTURE, pods()),
                agent("logs", Tier.INFRASTRUCTURE, skill("logs.tail").build())), Set.of());
    }

    private static JsonNode podsOutput() {
        return json("{\"pods\":[{\"name\":\"api-1\"}]}");
    }

    @Test
    void runsAValidCallAndWrapsTheResultInAnEnvelope() {
        runtime = AgentRuntime.builder(chain()).bind("k8s.pods.list", call -> podsOutput()).build();

        InvocationResult r = runtime.invoke("k8s.pods.list", json("{\"namespace\":\"prod\"}"),
                InvocationContext.create().withCorrelationId("corr-1"));

        assertThat(r.isSuccess()).isTrue();
        assertThat(r.output()).isEqualTo(podsOutput());
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.envelope().type()).isEqualTo(Envelope.TYPE_RESULT);
        assertThat(r.envelope().correlationId()).isEqualTo("corr-1");
        assertThat(r.envelope().path()).containsExactly("cluster");
        assertThat(r.envelope().source()).isEqualTo("aiops://agents/cluster");
    }

    @Test
    void rejectsInvalidInputWithEveryViolationAndItsPointer() {
        AtomicInteger ran = new AtomicInteger();
        runtime = AgentRuntime.builder(chain()).bind("k8s.pods.list", call -> {
            ran.incrementAndGet();
            return podsOutput();
        }).build();

        InvocationResult r = runtime.invoke("k8s.pods.list", json("{\"limit\":0,\"extra\":true}"),
                InvocationContext.create());

        assertThat(r.error()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(r.violations()).extracting(SchemaViolation::pointer)
                .containsExactlyInAnyOrder("/namespace", "/limit", "/extra");
        assertThat(r.violations()).extracting(SchemaViolation::keyword)
                .containsExactlyInAnyOrder("required", "minimum", "additionalProperties");
        assertThat(r.envelope().type()).isEqualTo(Envelope.TYPE_ERROR);
        assertThat(r.envelope().data().get("violations")).hasSize(3);
        assertThat(ran).hasValue(0);
    }

    @Test
    void neverPassesOnOutputThatBreaksTheContract() {
        runtime = AgentRuntime.builder(chain())
                .bind("k8s.pods.list", call -> json("{\"pods\":[{\"nom\":\"x\"}]}")).build();

        InvocationResult r = runtime.invoke("k8s.pods.list", json("{\"namespace\":\"a\"}"), InvocationContext.create());

        assertThat(r.error()).isEqualTo(ErrorCode.CONTRACT_BREACH);
        assertThat(r.output()).isNull();
        assertThat(r.violations()).extracting(SchemaViolation::pointer).containsExactly("/pods/0/name");
        assertThatThrownBy(r::orThrow).isInstanceOf(InvocationException.class).hasMessageContaining("CONTRACT_BREACH");
    }

    @Test
    void treatsAMissingOutputAsContractBreach() {
        runtime = AgentRuntime.builder(chain()).bind("k8s.pods.list", call -> null).build();

        InvocationResult r = runtime.invoke("k8s.pods.list", json("{\"namespace\":\"a\"}"), InvocationContext.create());

        assertThat(r.error()).isEqualTo(ErrorCode.CONTRACT_BREACH);
    }

    @Test
    void reportsUnknownAndUnboundSkills() {
        runtime = AgentRuntime.builder(chain()).build();

        assertThat(runtime.invoke("nope.skill", json("{}"), InvocationContext.create()).error())
                .isEqualTo(ErrorCode.UNKNOWN_SKILL);
        assertThat(runtime.invoke("logs.tail", json("{}"), InvocationContext.create()).error())
                .isEqualTo(ErrorCode.NOT_BOUND);
    }

    @Test
    void subagentCallsTravelDownThePathWithCausation() {
        runtime = AgentRuntime.builder(chain())
                .bind("oncall.answer", call -> call.invoke("diagnose.run", json("{}")).orThrow())
                .bind("diagnose.run", call -> {
                    JsonNode pods = call.invoke("k8s.pods.list", json("{\"namespace\":\"prod\"}")).orThrow();
                    return ((tools.jackson.databind.node.ObjectNode) pods.deepCopy())
                            .put("parentId", call.envelope().id());
                })
                .bind("k8s.pods.list", call -> json("{\"pods\":[],\"depth\":" + call.envelope().depth()
                        + ",\"path\":\"" + String.join("/", call.envelope().path()) + "\",\"cause\":\""
                        + call.envelope().causationId() + "\",\"source\":\"" + call.envelope().source() + "\"}"))
                .build();

        JsonNode out = runtime.invoke("oncall.answer", json("{}"), InvocationContext.create()).orThrow();

        assertThat(out.get("depth").asInt()).isEqualTo(2);
        assertThat(out.get("path").asString()).isEqualTo("oncall/diagnostics/cluster");
        assertThat(out.get("cause").asString()).isEqualTo(out.get("parentId").asString());
        assertThat(out.get("source").asString()).isEqualTo("aiops://agents/diagnostics");
    }

    @Test
    void refusesAtRunTimeACallTheCallerDidNotDeclare() {
        AtomicInteger ran = new AtomicInteger();
        runtime = AgentRuntime.builder(chain())
                .bind("oncall.answer", call -> {
                    // an LLM picking tools freely must not bypass the graph
                    InvocationResult r = call.invoke("logs.tail", json("{}"));
                    return json("{\"error\":\"" + r.error() + "\",\"message\":\"" + r.message() + "\"}");
                })
                .bind("logs.tail", call -> {
                    ran.incrementAndGet();
                    return json("{}");
                }).build();

        JsonNode out = runtime.invoke("oncall.answer", json("{}"), InvocationContext.create()).orThrow();

        assertThat(out.get("error").asString()).isEqualTo("UNDECLARED_CALL");
        assertThat(out.get("message").asString()).contains("'oncall'", "'logs.tail'");
        assertThat(ran).hasValue(0);
    }

    @Test
    void refusesAtRunTimeAnEnvelopeThatWouldExceedDepthThree() {
        runtime = AgentRuntime.builder(chain()).bind("k8s.pods.list", call -> podsOutput()).build();
        Envelope tooDeep = new Envelope(UUID.randomUUID().toString(), "aiops://agents/diagnostics",
                Envelope.TYPE_INVOKE, "k8s.pods.list", Instant.now(), json("{\"namespace\":\"a\"}"), "c", null, null,
                4, List.of("x", "y", "z", "diagnostics", "cluster"), null, null, null);
        Envelope atThree = new Envelope(UUID.randomUUID().toString(), "aiops://agents/diagnostics",
                Envelope.TYPE_INVOKE, "k8s.pods.list", Instant.now(), json("{\"namespace\":\"a\"}"), "c", null, null,
                3, List.of("x", "y", "diagnostics", "cluster"), null, null, null);

        InvocationResult refused = runtime.invoke(tooDeep);

        assertThat(refused.error()).isEqualTo(ErrorCode.DEPTH_EXCEEDED);
        assertThat(refused.message()).contains("depth 4", "x -> y -> z -> diagnostics -> cluster");
        assertThat(runtime.invoke(atThree).isSuccess()).isTrue();
    }

    @Test
    void refusesAtRunTimeAnEnvelopeThatRevisitsAnAgent() {
        runtime = AgentRuntime.builder(chain()).bind("k8s.pods.list", call -> podsOutput()).build();
        Envelope loop = new Envelope(UUID.randomUUID().toString(), "aiops://agents/diagnostics",
                Envelope.TYPE_INVOKE, "k8s.pods.list", Instant.now(), json("{\"namespace\":\"a\"}"), "c", null, null,
                2, List.of("cluster", "diagnostics", "cluster"), null, null, null);

        InvocationResult r = runtime.invoke(loop);

        assertThat(r.error()).isEqualTo(ErrorCode.CYCLE);
        assertThat(r.message()).contains("cluster -> diagnostics -> cluster");
    }

    @Test
    void refusesAnEnvelopeAddressedToTheWrongAgent() {
        runtime = AgentRuntime.builder(chain()).bind("k8s.pods.list", call -> podsOutput()).build();
        Envelope wrong = new Envelope("id", "aiops://external", Envelope.TYPE_INVOKE, "k8s.pods.list",
                Instant.now(), json("{\"namespace\":\"a\"}"), "c", null, null, 0, List.of("logs"), null, null, null);

        assertThat(runtime.invoke(wrong).error()).isEqualTo(ErrorCode.UNKNOWN_SKILL);
    }

    @Test
    void refusesToBuildOnAnInvalidGraphOrBindUnknownSkills() {
        CompositionGraph cyclic = CompositionGraph.of(List.of(
                agent("a", Tier.DOMAIN, skill("a.run").build(), "b.run"),
                agent("b", Tier.DOMAIN, skill("b.run").build(), "a.run")), Set.of());

        assertThatThrownBy(() -> AgentRuntime.builder(cyclic).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cycle: ");
        assertThatThrownBy(() -> AgentRuntime.builder(chain()).bind("not.declared", c -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'not.declared'");
        assertThatThrownBy(() -> AgentRuntime.builder(chain()).bind("logs.tail", c -> null).bind("logs.tail", c -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already bound");
    }

    @Test
    void exposesTheGraphAndTheBoundSkills() {
        CompositionGraph g = chain();
        runtime = AgentRuntime.builder(g).bind("logs.tail", c -> json("{}")).build();

        assertThat(runtime.graph()).isSameAs(g);
        assertThat(runtime.boundSkills()).containsExactly("logs.tail");
        AgentDescriptor cluster = g.providerOf("k8s.pods.list");
        assertThat(cluster.name()).isEqualTo("cluster");
    }
}
