package dev.aiops.core.context;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.aiops.core.llm.LlmGateway;
import dev.aiops.core.llm.LlmSettings;
import dev.aiops.core.llm.ModelCatalog;
import dev.aiops.core.llm.ModelInfo;
import dev.aiops.core.llm.UsageLog;
import dev.aiops.core.prompt.PromptRegistry;
import dev.langchain4j.data.message.SystemMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Summarizing compaction through the gateway (WireMock speaking the OpenAI API) with the versioned prompt. */
class LlmSummarizerTest {

    @Test
    void theModelsSummaryIsPinnedAndTheCallIsRecordedWithThePrompt() {
        WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        try (LlmGateway gateway = LlmGateway.openAi(new LlmSettings("http://127.0.0.1:" + wm.port() + "/v1", "k",
                "gpt-4o-mini", Duration.ofSeconds(5))).usageLog(UsageLog.inMemory()).build()) {
            wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "application/json")
                    .withBody("""
                            {"id":"x","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,
                             "message":{"role":"assistant","content":"- api-0..api-9 logs clean\\n- no decision yet"},
                             "finish_reason":"stop"}],"usage":{"prompt_tokens":900,"completion_tokens":12,"total_tokens":912}}""")));
            ModelInfo small = new ModelInfo("small", "openai", 10_000, 1_000, "o200k_base", 1.0, 0, 0, 0, true);
            PruningTest fixture = new PruningTest();
            Conversation c = fixture.conversation(12);
            ContextAssembler asm = ContextAssembler.builder(small, fixture.counter).system("You are on call.")
                    .strategy(PruningStrategy.SUMMARIZING).keepLastTurns(2)
                    .summarizer(new LlmSummarizer(gateway, PromptRegistry.fromClasspath(), "oncall")).build();

            ContextAssembler.Assembled a = asm.assemble(c, List.of(), null);

            assertThat(((SystemMessage) a.messages().get(1)).text()).contains("- api-0..api-9 logs clean");
            wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                    .withRequestBody(containing("Summarise the earlier part of an incident-response conversation"))
                    .withRequestBody(containing("user: question 0: what do the logs of api-0 say?"))
                    .withRequestBody(containing("tool (k8s_logs_tail): t0 line 0")));
            assertThat(gateway.usage().totalsByAgent().get("oncall").inputTokens()).isEqualTo(900);
            assertThat(ModelCatalog.builtIn().lookup("gpt-4o-mini").contextWindow()).isEqualTo(128_000);
        } finally {
            wm.stop();
        }
    }
}
