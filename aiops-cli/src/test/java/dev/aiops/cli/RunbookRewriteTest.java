package dev.aiops.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code aiops runbook generate --rewrite} against WireMock speaking the OpenAI chat API. */
class RunbookRewriteTest {

    private static final String SPEC = "../examples/specs/web-service.yaml";

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

    private Map<String, String> env() {
        return Map.of("HOME", home.toString(), "AIOPS_LLM_MODEL", "gpt-4o-mini", "AIOPS_LLM_API_KEY", "sk-test",
                "AIOPS_LLM_BASE_URL", "http://127.0.0.1:" + wm.port() + "/v1");
    }

    private void modelAnswers(String text) {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode body = json.createObjectNode().put("id", "c").put("object", "chat.completion").put("created", 1)
                .put("model", "gpt-4o-mini");
        body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("message")
                .put("role", "assistant").put("content", text);
        body.putObject("usage").put("prompt_tokens", 2000).put("completion_tokens", 1500).put("total_tokens", 3500);
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(body.toString())));
    }

    @Test
    void aRewriteThatKeepsEveryCommandIsPrintedAndSaysSo() {
        String generated = CliRun.run("runbook", "generate", "--from-spec", SPEC).out();
        modelAnswers(generated.replace("Record the revision now running: the rollback goes back to it",
                "Write down which revision runs now; a rollback returns to it"));

        CliRun r = CliRun.run(env(), "runbook", "generate", "--from-spec", SPEC, "--rewrite");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("> Prose rewritten by gpt-4o-mini (prompt runbook.rewrite 1.0.0)")
                .contains("Write down which revision runs now", "kubectl rollout undo deployment/orders-api -n orders");
    }

    @Test
    void aRewriteThatAddsACommandIsRefusedAndTheGeneratedRunbookPrinted() {
        String generated = CliRun.run("runbook", "generate", "--from-spec", SPEC).out();
        modelAnswers(generated.replace("kubectl rollout undo deployment/orders-api -n orders",
                "kubectl delete deployment orders-api -n orders\n   kubectl rollout undo deployment/orders-api -n orders"));

        CliRun r = CliRun.run(env(), "runbook", "generate", "--from-spec", SPEC, "--rewrite");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(generated).doesNotContain("kubectl delete deployment");
        assertThat(r.err()).contains("the model changed the commands",
                "kubectl delete deployment orders-api -n orders", "its rewrite was not used");
    }

    @Test
    void rewriteWithoutAModelIsAUsageError() {
        CliRun r = CliRun.run(Map.of("HOME", home.toString()), "runbook", "generate", "--from-spec", SPEC,
                "--rewrite");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--rewrite needs a model");
    }
}
