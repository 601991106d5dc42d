package dev.aiops.core.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.output.FinishReason;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway against WireMock speaking the OpenAI HTTP API, through the official SDK. */
class LlmGatewayTest {

    static final String PATH = "/v1/chat/completions";
    static final PromptRef PROMPT = new PromptRef("oncall.system", "1.2.0", "abc123");

    @TempDir
    Path dir;

    WireMockServer wm;
    InMemorySpanExporter spans;
    InMemoryMetricReader metrics;
    OpenTelemetrySdk otel;
    LlmGateway gateway;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        spans = InMemorySpanExporter.create();
        metrics = InMemoryMetricReader.create();
        otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        wm.stop();
        otel.close();
    }

    LlmGateway gateway(LlmResilience resilience, Duration timeout) {
        LlmSettings s = new LlmSettings("http://127.0.0.1:" + wm.port() + "/v1", "sk-test-secret", "gpt-4o-mini",
                timeout);
        gateway = LlmGateway.openAi(s).usageLog(UsageLog.appendingTo(dir.resolve("usage.jsonl")))
                .openTelemetry(otel).resilience(resilience).build();
        return gateway;
    }

    LlmGateway gateway() {
        return gateway(LlmResilience.DEFAULT.withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)),
                Duration.ofSeconds(5));
    }

    UsageLog.Contents usageLog() {
        gateway.usage().flush();
        return UsageLog.read(dir.resolve("usage.jsonl"), Instant.EPOCH);
    }

    static LlmCall call() {
        return LlmCall.of("oncall", "session-1", PROMPT,
                List.of(SystemMessage.from("You are on call."), UserMessage.from("Why is checkout down?")));
    }

    @Test
    void plainChatReturnsTheAnswerWithProviderUsageCostLogAndSpan() {
        wm.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.completion("The payments Secret lacks key DB_URL.", "stop",
                        OpenAiWire.usage(1200, 1000, 80, 30)))));

        LlmResult r = gateway().chat(call());

        assertThat(r.message().text()).isEqualTo("The payments Secret lacks key DB_URL.");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.attempts()).isEqualTo(1);
        Usage u = r.usage();
        assertThat(u).extracting(Usage::inputTokens, Usage::cachedInputTokens, Usage::outputTokens,
                Usage::reasoningTokens, Usage::estimated).containsExactly(1200L, 1000L, 80L, 30L, false);
        // gpt-4o-mini: 200 x 0.15 + 1000 x 0.075 + 80 x 0.60 per 1M
        assertThat(u.costUsd()).isCloseTo((200 * 0.15 + 1000 * 0.075 + 80 * 0.60) / 1e6, org.assertj.core.data.Offset.offset(1e-12));

        wm.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer sk-test-secret"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system"))));

        UsageLog.Contents log = usageLog();
        assertThat(log.skipped()).isEmpty();
        assertThat(log.records()).singleElement().satisfies(rec -> {
            assertThat(rec.agent()).isEqualTo("oncall");
            assertThat(rec.prompt()).isEqualTo(PROMPT);
            assertThat(rec.usage()).isEqualTo(u);
            assertThat(rec.outcome()).isEqualTo("ok");
            assertThat(rec.finishReason()).isEqualTo("stop");
        });
        assertThat(gateway.usage().totalsByAgent().get("oncall")).isEqualTo(u);
        assertThat(gateway.usage().totalsBySession()).containsKey("session-1");

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(span.getName()).isEqualTo("chat gpt-4o-mini");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o-mini");
        assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(1200L);
        assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(80L);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("aiops.prompt.id"))).isEqualTo("oncall.system");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("aiops.prompt.version"))).isEqualTo("1.2.0");
        assertThat(metrics.collectAllMetrics()).extracting(MetricData::getName)
                .contains("gen_ai.client.token.usage", "gen_ai.client.operation.duration");
    }

    @Test
    void usageIsEstimatedAndMarkedWhenTheProviderSendsNone() {
        wm.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.completion("Restart nothing; fix the Secret.", "stop", null))));

        LlmResult r = gateway().chat(call());

        assertThat(r.usage().estimated()).isTrue();
        assertThat(r.usage().inputTokens()).isBetween(15L, 40L);
        assertThat(r.usage().outputTokens()).isBetween(5L, 12L);
        assertThat(usageLog().records().get(0).usage().estimated())
                .isTrue();
    }

    @Test
    void rateLimitIsRetriedAfterTheWaitTheProviderAskedFor() {
        wm.stubFor(post(PATH).inScenario("429").whenScenarioStateIs(STARTED).willSetStateTo("ok")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody(OpenAiWire.error("Rate limit reached", "requests", "rate_limit_exceeded"))));
        wm.stubFor(post(PATH).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(OpenAiWire.completion("ok", "stop", OpenAiWire.usage(10, 0, 1, 0)))));

        long t0 = System.nanoTime();
        LlmResult r = gateway().chat(call());
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.attempts()).isEqualTo(2);
        assertThat(ms).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(1000);
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
        assertThat(spans.getFinishedSpanItems().get(0).getAttributes()
                .get(AttributeKey.longKey("aiops.llm.attempts"))).isEqualTo(2L);
    }

    @Test
    void aRetryAfterLongerThanAllowedFailsAtOnce() {
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")
                .withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.error("quota", "requests", "rate_limit_exceeded"))));

        assertThatThrownBy(() -> gateway().chat(call())).isInstanceOf(LlmCallException.class)
                .satisfies(e -> assertThat(((LlmCallException) e).errorType()).isEqualTo("rate_limited"));
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void serverErrorsAreRetriedWithExponentialBackoffThenFail() {
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.error("boom", "server_error", "internal"))));
        LlmGateway g = gateway(LlmResilience.DEFAULT.withMaxAttempts(3)
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2)), Duration.ofSeconds(5));

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> g.chat(call())).isInstanceOf(LlmCallException.class)
                .hasMessageContaining("after 3 attempts")
                .satisfies(e -> {
                    LlmCallException l = (LlmCallException) e;
                    assertThat(l.errorType()).isEqualTo("500");
                    assertThat(l.attempts()).isEqualTo(3);
                });
        long ms = (System.nanoTime() - t0) / 1_000_000;

        wm.verify(3, postRequestedFor(urlEqualTo(PATH)));
        // waits of 200 ms and 400 ms, each within +-25% jitter
        assertThat(ms).isGreaterThanOrEqualTo((long) (0.75 * 600));
        UsageRecord rec = usageLog().records().get(0);
        assertThat(rec.outcome()).isEqualTo("error");
        assertThat(rec.error()).isEqualTo("500");
        assertThat(rec.attempts()).isEqualTo(3);
        assertThat(spans.getFinishedSpanItems().get(0).getAttributes().get(AttributeKey.stringKey("error.type")))
                .isEqualTo("500");
    }

    @Test
    void aBadRequestIsNotRetried() {
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.error("bad tools", "invalid_request_error", "invalid_value"))));

        assertThatThrownBy(() -> gateway().chat(call())).isInstanceOf(LlmCallException.class)
                .satisfies(e -> assertThat(((LlmCallException) e).attempts()).isEqualTo(1));
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aConnectionResetIsRetried() {
        wm.stubFor(post(PATH).inScenario("reset").whenScenarioStateIs(STARTED).willSetStateTo("ok")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wm.stubFor(post(PATH).inScenario("reset").whenScenarioStateIs("ok")
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(OpenAiWire.completion("back", "stop", OpenAiWire.usage(10, 0, 1, 0)))));

        LlmResult r = gateway().chat(call());

        assertThat(r.message().text()).isEqualTo("back");
        assertThat(r.attempts()).isEqualTo(2);
    }

    @Test
    void aSlowProviderTimesOutAndIsRetried() {
        wm.stubFor(post(PATH).willReturn(aResponse().withFixedDelay(1500).withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.completion("late", "stop", null))));
        LlmGateway g = gateway(LlmResilience.DEFAULT.withMaxAttempts(2)
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10)), Duration.ofMillis(400));

        assertThatThrownBy(() -> g.chat(call())).isInstanceOf(LlmCallException.class)
                .satisfies(e -> assertThat(((LlmCallException) e).errorType()).isEqualTo("timeout"));
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aRefusalIsAnAnswerNotAnError() {
        wm.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.refusal("I can't help with that."))));

        LlmResult r = gateway().chat(call());

        assertThat(r.refused()).isTrue();
        assertThat(r.refusal()).contains("I can't help with that.");
        assertThat(usageLog().records().get(0).outcome())
                .isEqualTo("refused");
    }

    @Test
    void theContentFilterFinishReasonIsARefusal() {
        wm.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.completion(null, "content_filter", OpenAiWire.usage(10, 0, 0, 0)))));

        assertThat(gateway().chat(call()).refused()).isTrue();
    }

    @Test
    void aContentFilterRejectionIsNotRetried() {
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.error("The response was filtered due to the prompt triggering Azure OpenAI's"
                        + " content management policy.", "invalid_request_error", "content_filter"))));

        assertThatThrownBy(() -> gateway().chat(call())).isInstanceOf(LlmCallException.class)
                .satisfies(e -> assertThat(((LlmCallException) e).errorType()).isEqualTo("content_filter"));
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndStopsCallingTheProvider() {
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(503)));
        LlmGateway g = gateway(LlmResilience.DEFAULT.withMaxAttempts(1)
                .withBreaker(50f, 4, Duration.ofMinutes(1)), Duration.ofSeconds(5));

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> g.chat(call())).isInstanceOf(LlmCallException.class);
        }
        assertThatThrownBy(() -> g.chat(call())).isInstanceOf(LlmCallException.class)
                .hasMessageContaining("circuit open")
                .satisfies(e -> assertThat(((LlmCallException) e).errorType()).isEqualTo("circuit_open"));
        wm.verify(4, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void theApiKeyNeverReachesTheUsageLogOrSpans() throws Exception {
        wm.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.completion("ok", "stop", null))));

        gateway().chat(call());

        gateway.usage().flush();
        assertThat(java.nio.file.Files.readString(dir.resolve("usage.jsonl"))).isNotEmpty().doesNotContain("sk-test-secret");
        assertThat(spans.getFinishedSpanItems().get(0).getAttributes().toString()).doesNotContain("sk-test-secret");
    }

    @Test
    void anotherProvidersCallIsTimeLimitedOnAPoolThread() {
        dev.langchain4j.model.chat.ChatModel hanging = new dev.langchain4j.model.chat.ChatModel() {
            @Override
            public dev.langchain4j.model.chat.response.ChatResponse doChat(
                    dev.langchain4j.model.chat.request.ChatRequest request) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("interrupted");
            }
        };
        try (LlmGateway g = LlmGateway.builder(hanging, "llama3.1").resilience(LlmResilience.DEFAULT
                .withMaxAttempts(2).withBackoff(Duration.ofMillis(1), Duration.ofMillis(1))
                .withCallTimeout(Duration.ofMillis(200))).build()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> g.chat(call())).isInstanceOf(LlmCallException.class)
                    .satisfies(e -> {
                        assertThat(((LlmCallException) e).errorType()).isEqualTo("timeout");
                        assertThat(((LlmCallException) e).attempts()).isEqualTo(2);
                    });
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(400L, 3_000L);
        }
    }

    @Test
    void aRequestOverTheContextBudgetIsRefusedBeforeAnythingIsSent() {
        LlmGateway g = gateway();
        String huge = "kubectl logs api-1 -n prod ".repeat(30_000);
        LlmCall big = LlmCall.of("oncall", "s", PROMPT, List.of(UserMessage.from(huge)));

        assertThatThrownBy(() -> g.chat(big)).isInstanceOf(LlmCallException.class)
                .hasMessageContaining("passes 80% of the 128000-token window")
                .satisfies(e -> assertThat(((LlmCallException) e).errorType()).isEqualTo("context_budget"));
        assertThatThrownBy(() -> g.stream(big)).isInstanceOf(LlmCallException.class);
        wm.verify(0, postRequestedFor(urlEqualTo(PATH)));
    }
}
