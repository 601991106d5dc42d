package dev.aiops.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.aiops.core.llm.LlmSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aiops diagnose --explain} against WireMock speaking the OpenAI streaming API, and with no model. */
class ExplainTest {

    @TempDir
    Path home;
    WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    static String chunk(String text, String finish) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    @Test
    void streamsTheExplanationAfterTheReportAndRecordsUsageWithThePrompt() throws Exception {
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(chunk("The library Deployment ", null) + chunk("cannot start: LATE_FEE_POLICY is missing.", null)
                        + chunk("", "stop") + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":900,"
                        + "\"completion_tokens\":14,\"total_tokens\":914}}\n\ndata: [DONE]\n\n")));
        Map<String, String> env = Map.of("HOME", home.toString(), "AIOPS_LLM_MODEL", "gpt-4o-mini",
                "AIOPS_LLM_API_KEY", "sk-test", "AIOPS_LLM_BASE_URL", "http://127.0.0.1:" + wm.port() + "/v1");

        CliRun r = CliRun.run(env, "diagnose", "--from-dump", DiagnoseCommandTest.CRASHLOOP.toString(), "--explain");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("LATE_FEE_POLICY", "$ kubectl patch configmap")
                .contains("Explanation (gpt-4o-mini, prompt diagnosis.explain 1.0.0):")
                .contains("The library Deployment cannot start: LATE_FEE_POLICY is missing.");
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("LATE_FEE_POLICY")).withRequestBody(containing("\"stream\":true")));
        String usage = Files.readString(home.resolve(".local/state/aiops/usage.jsonl"));
        assertThat(usage).contains("\"promptId\":\"diagnosis.explain\"", "\"inputTokens\":900",
                "\"agent\":\"diagnostics\"").doesNotContain("sk-test");
    }

    @Test
    void withoutAModelOnlyExplainFailsWithOneSentenceAndDiagnosisStillWorks() {
        Map<String, String> env = Map.of("HOME", home.toString());

        CliRun explain = CliRun.run(env, "diagnose", "--from-dump", DiagnoseCommandTest.CRASHLOOP.toString(), "--explain");
        assertThat(explain.exit()).isEqualTo(2);
        assertThat(explain.err().trim()).isEqualTo("aiops diagnose: " + LlmSettings.HOW_TO_CONFIGURE);
        assertThat(explain.out()).isEmpty();

        CliRun plain = CliRun.run(env, "diagnose", "--from-dump", DiagnoseCommandTest.CRASHLOOP.toString());
        assertThat(plain.exit()).isZero();
        assertThat(plain.out()).contains("LATE_FEE_POLICY");
    }
}
