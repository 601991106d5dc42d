package dev.aiops.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code aiops postmortem} on the shared samples, compared with golden files. Regenerate them after an intended
 * change with {@code ./mvnw -pl aiops-cli test -Dtest=PostmortemCommandTest -Daiops.golden.update=true}.
 */
class PostmortemCommandTest {

    private static final Path SAMPLES = Path.of("..", "agents-domain", "src", "test", "resources", "samples");
    private static final Path GOLDEN = Path.of("src", "test", "resources", "postmortem", "golden");

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"crashloop-missing-configmap-key, 1", "pending-insufficient-memory, 1", "healthy-small, ''"})
    void matchesItsGoldenFile(String sample, String incident) throws IOException {
        String dump = SAMPLES.resolve(sample).resolve("dump").toString();
        CliRun r = incident.isEmpty()
                ? CliRun.run(Map.of("HOME", home.toString()), "postmortem", "--from-dump", dump)
                : CliRun.run(Map.of("HOME", home.toString()), "postmortem", "--from-dump", dump, "--incident", incident);

        assertThat(r.exit()).as(r.err()).isZero();
        Path golden = GOLDEN.resolve(sample + ".md");
        if (Boolean.getBoolean("aiops.golden.update")) Files.writeString(golden, r.out());
        assertThat(r.out()).isEqualTo(Files.readString(golden));
    }

    @Test
    void theCrashloopPostmortemNamesItsTriggerRootCauseAndEvidence() {
        CliRun r = CliRun.run(Map.of("HOME", home.toString()), "postmortem", "--from-dump",
                SAMPLES.resolve("crashloop-missing-configmap-key/dump").toString(), "-o", "json");

        JsonNode p = JsonMapper.builder().build().readTree(r.out());
        assertThat(p.path("trigger").asString()).contains("new ReplicaSet loan-service-658d47db4", "revision 9");
        assertThat(p.path("rootCauses").get(0).path("rootCause").asString()).contains("LATE_FEE_POLICY");
        assertThat(p.path("rootCauses").get(0).path("evidence").toString()).contains("CreateContainerConfigError");
        assertThat(p.path("analysis").isNull() || p.path("analysis").isMissingNode()).isTrue();
    }

    @Test
    void aConfiguredModelAddsAnAnalysisMarkedAsModelWritten() {
        WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        try {
            wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type",
                    "application/json").withBody("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,"
                    + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"The 2.4.0 rollout read a key the ConfigMap never had.\"},\"finish_reason\":"
                    + "\"stop\"}],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":14,\"total_tokens\":914}}")));
            Map<String, String> env = Map.of("HOME", home.toString(), "AIOPS_LLM_MODEL", "gpt-4o-mini",
                    "AIOPS_LLM_API_KEY", "sk-test", "AIOPS_LLM_BASE_URL", "http://127.0.0.1:" + wm.port() + "/v1");

            CliRun r = CliRun.run(env, "postmortem", "--from-dump",
                    SAMPLES.resolve("crashloop-missing-configmap-key/dump").toString(), "--incident", "1");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("## Analysis (model-written: gpt-4o-mini, prompt postmortem.draft 1.0.0)",
                    "The 2.4.0 rollout read a key the ConfigMap never had.");
            wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                    .withRequestBody(containing("LATE_FEE_POLICY")));
        } finally {
            wm.stop();
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        String dump = SAMPLES.resolve("crashloop-missing-configmap-key/dump").toString();

        CliRun window = CliRun.run("postmortem", "--from-dump", dump, "--window", "yesterday");
        CliRun incident = CliRun.run("postmortem", "--from-dump", dump, "--incident", "nope");

        assertThat(window.exit()).isEqualTo(2);
        assertThat(window.err()).contains("--window takes two RFC 3339 times, FROM..TO");
        assertThat(incident.exit()).isEqualTo(2);
        assertThat(incident.err()).contains("no finding 'nope'");
    }
}
