package dev.aiops.core.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.contract.Sla;
import dev.aiops.core.contract.Tier;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import dev.langchain4j.data.message.UserMessage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The agent loop inside a real agent's handler: the model (WireMock) chooses tools, the runtime runs them with its
 * graph rules, invalid calls are sent back for repair.
 */
class ToolLoopTest {

    static final String PATH = "/v1/chat/completions";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final SkillContract LOGS = SkillContract.builder("k8s.logs.tail").description("tail a pod's log")
            .input("""
                    {"type":"object","required":["namespace","pod"],"additionalProperties":false,
                     "properties":{"namespace":{"type":"string","minLength":1},"pod":{"type":"string"},
                                   "tailLines":{"type":"integer","minimum":1}}}""")
            .output("{\"type\":\"object\",\"required\":[\"lines\"],\"properties\":{\"lines\":{\"type\":\"array\"}}}")
            .sla(new Sla(Duration.ofSeconds(2), Duration.ofSeconds(1), 99.0)).build();
    static final SkillContract SCALE = SkillContract.builder("k8s.deploy.scale").description("scale a deployment")
            .input("{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"}}}")
            .output("{\"type\":\"object\"}").sla(new Sla(Duration.ofSeconds(2), Duration.ofSeconds(1), 99.0)).build();
    static final SkillContract ASK = SkillContract.builder("oncall.ask").description("answer an SRE")
            .input("{\"type\":\"object\",\"required\":[\"question\"],\"properties\":{\"question\":{\"type\":\"string\"}}}")
            .output("{\"type\":\"object\",\"required\":[\"answer\"],\"properties\":{\"answer\":{\"type\":\"string\"}}}")
            .sla(new Sla(Duration.ofSeconds(30), Duration.ofSeconds(10), 99.0)).build();

    WireMockServer wm;
    LlmGateway gateway;
    AgentRuntime runtime;
    final AtomicInteger logsCalls = new AtomicInteger();
    final AtomicInteger scaleCalls = new AtomicInteger();
    final AtomicReference<ToolLoop.Result> loopResult = new AtomicReference<>();
    final AtomicReference<RuntimeException> loopError = new AtomicReference<>();

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        gateway = LlmGateway.openAi(new LlmSettings("http://127.0.0.1:" + wm.port() + "/v1", "k", "gpt-4o-mini",
                Duration.ofSeconds(5))).build();
    }

    @AfterEach
    void stop() {
        gateway.close();
        if (runtime != null) runtime.close();
        wm.stop();
    }

    /** oncall (composite) declares k8s.logs.tail only; k8s.deploy.scale exists in the graph but is not declared. */
    InvocationResult ask(ToolLoop loop, List<SkillContract> offered) {
        CompositionGraph graph = CompositionGraph.of(List.of(
                AgentDescriptor.builder("oncall").tier(Tier.COMPOSITE).skill(ASK).dependsOn("k8s.logs.tail", "*").build(),
                AgentDescriptor.builder("k8s-logs").tier(Tier.INFRASTRUCTURE).skill(LOGS).build(),
                AgentDescriptor.builder("k8s-deployer").tier(Tier.INFRASTRUCTURE).skill(SCALE).build()), Set.of());
        runtime = AgentRuntime.builder(graph)
                .bind("k8s.logs.tail", c -> {
                    logsCalls.incrementAndGet();
                    ObjectNode out = JSON.createObjectNode();
                    out.putArray("lines").add("FATAL: env DB_URL is not set");
                    return out;
                })
                .bind("k8s.deploy.scale", c -> {
                    scaleCalls.incrementAndGet();
                    return JSON.createObjectNode();
                })
                .bind("oncall.ask", c -> {
                    LlmCall call = LlmCall.of("oncall", "s-1", PromptRef.NONE,
                            List.of(UserMessage.from(c.input().get("question").asString())));
                    try {
                        ToolLoop.Result r = loop.run(call, offered.stream().map(StrictTool::of).toList(), c::invoke);
                        loopResult.set(r);
                        return JSON.createObjectNode().put("answer", r.answer());
                    } catch (RuntimeException e) {
                        loopError.set(e);
                        throw e;
                    }
                }).build();
        return runtime.invoke("oncall.ask", JSON.createObjectNode().put("question", "why does api crash?"),
                InvocationContext.create());
    }

    void step(String from, String to, String body) {
        wm.stubFor(post(PATH).inScenario("loop").whenScenarioStateIs(from).willSetStateTo(to)
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
    }

    static String finalAnswer(String text) {
        return OpenAiWire.completion(text, "stop", OpenAiWire.usage(300, 0, 40, 0));
    }

    @Test
    void invalidArgumentsAreRepairedThenTheToolRunsAndTheModelAnswers() {
        step(STARTED, "2", OpenAiWire.toolCall("c1", "k8s_logs_tail", "{\"namespace\":\"\",\"pod\":\"api-1\",\"tailLines\":null}"));
        step("2", "3", OpenAiWire.toolCall("c2", "k8s_logs_tail", "{\"namespace\":\"prod\",\"pod\":\"api-1\",\"tailLines\":null}"));
        step("3", "done", finalAnswer("api crashes because DB_URL is not set."));

        InvocationResult r = ask(ToolLoop.of(gateway), List.of(LOGS));

        assertThat(r.isSuccess()).as(String.valueOf(r)).isTrue();
        assertThat(r.output().get("answer").asString()).isEqualTo("api crashes because DB_URL is not set.");
        assertThat(logsCalls).hasValue(1);
        ToolLoop.Result loop = loopResult.get();
        assertThat(loop.steps()).isEqualTo(3);
        assertThat(loop.toolCalls()).extracting(ToolLoop.ToolCallRecord::ran).containsExactly(false, true);
        assertThat(loop.toolCalls().get(0).result()).contains("/namespace").contains("Correct the call");
        assertThat(loop.usage().inputTokens()).isEqualTo(500);
        // the tool went out strict, with the optional tailLines as nullable, and the repair message came back
        wm.verify(postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("k8s_logs_tail")))
                .withRequestBody(matchingJsonPath("$.tools[0].function.strict", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.tools[0].function.parameters.additionalProperties",
                        equalTo("false"))));
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(containing("do not match its schema")));
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(containing("DB_URL is not set")));
    }

    @Test
    void unparsableArgumentsBeyondTwoRepairRoundsFailWithTheReason() {
        wm.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.toolCall("c", "k8s_logs_tail", "{\"namespace\": \"prod\", \"pod\": "))));

        InvocationResult r = ask(ToolLoop.of(gateway), List.of(LOGS));

        assertThat(r.isSuccess()).isFalse();
        assertThat(loopError.get()).isInstanceOf(ToolLoopException.class)
                .hasMessageContaining("still invalid after 2 repair rounds")
                .hasMessageContaining("not valid JSON");
        wm.verify(3, postRequestedFor(urlEqualTo(PATH)));
        assertThat(logsCalls).hasValue(0);
    }

    @Test
    void anUnknownToolIsReportedBackToTheModel() {
        step(STARTED, "2", OpenAiWire.toolCall("c1", "kubectl_delete", "{}"));
        step("2", "done", finalAnswer("I cannot delete things."));

        ask(ToolLoop.of(gateway), List.of(LOGS));

        assertThat(loopResult.get().toolCalls().get(0).result())
                .contains("unknown tool 'kubectl_delete'").contains("k8s_logs_tail");
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(containing("unknown tool")));
    }

    @Test
    void aToolTheAgentDidNotDeclareIsRefusedByTheRuntimeEvenWhenOffered() {
        step(STARTED, "2", OpenAiWire.toolCall("c1", "k8s_deploy_scale", "{\"name\":\"api\"}"));
        step("2", "done", finalAnswer("Scaling was refused."));

        ask(ToolLoop.of(gateway), List.of(LOGS, SCALE));

        assertThat(scaleCalls).hasValue(0);
        ToolLoop.ToolCallRecord rec = loopResult.get().toolCalls().get(0);
        assertThat(rec.ran()).isTrue();
        assertThat(rec.succeeded()).isFalse();
        assertThat(rec.result()).contains("k8s.deploy.scale");
    }

    @Test
    void theStepLimitStopsAModelThatNeverAnswers() {
        wm.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.toolCall("c", "k8s_logs_tail", "{\"namespace\":\"prod\",\"pod\":\"a\",\"tailLines\":5}"))));

        ask(ToolLoop.of(gateway).maxSteps(4), List.of(LOGS));

        assertThat(loopError.get()).isInstanceOf(ToolLoopException.class).hasMessageContaining("after 4 steps");
        wm.verify(4, postRequestedFor(urlEqualTo(PATH)));
        assertThat(logsCalls).hasValue(4);
    }

    @Test
    void theTokenBudgetStopsALongTask() {
        wm.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.toolCall("c", "k8s_logs_tail", "{\"namespace\":\"prod\",\"pod\":\"a\",\"tailLines\":5}"))));

        ask(ToolLoop.of(gateway).maxTokens(250), List.of(LOGS));

        assertThat(loopError.get()).isInstanceOf(ToolLoopException.class)
                .hasMessageContaining("over its budget of 250");
        assertThat(((ToolLoopException) loopError.get()).steps()).isEqualTo(3);
    }
}
