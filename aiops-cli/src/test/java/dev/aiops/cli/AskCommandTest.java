package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.composite.oncall.OpenAiScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * aiops ask against an OpenAI-compatible server (WireMock): strict tools, tool results back to the model, the
 * answer to the user, and no secret from the snapshot in any request body.
 */
class AskCommandTest {

    static final Path SAMPLE = Path.of("..", "agents-domain", "src", "test", "resources", "samples",
            "crashloop-missing-configmap-key", "dump");
    static final String POD = "loan-service-746c6884f-8c4rh";
    static final List<String> CANARIES = List.of("CANARY-LOG-7781", "CANARYTOKEN0123456789abcdef",
            "CANARY-SECRET-4242", "CANARY-ENV-3131");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path home;

    OpenAiScript model;
    Path dump;

    @BeforeEach
    void start() throws IOException {
        model = new OpenAiScript();
        dump = home.resolve("dump");
        copy(SAMPLE, dump);
        plantCanaries();
    }

    @AfterEach
    void stop() {
        model.close();
    }

    /** A log line with a password and a bearer token, a Secret whose value a log prints, an env var password. */
    private void plantCanaries() throws IOException {
        Path logs = dump.resolve("library").resolve(POD).resolve("logs.txt");
        String text = Files.readString(logs);
        String marker = "==== END logs for container loan-service";
        text = text.replace(marker, """
                {"level":"warn","msg":"retrying upstream with password=CANARY-LOG-7781"}
                {"level":"debug","msg":"GET /v1/loans Authorization: Bearer CANARYTOKEN0123456789abcdef"}
                {"level":"info","msg":"loaded api key CANARY-SECRET-4242 from the mounted secret"}
                """ + marker);
        Files.writeString(logs, text);
        ObjectNode secrets = JSON.createObjectNode().put("kind", "List").put("apiVersion", "v1");
        ObjectNode secret = secrets.putArray("items").addObject().put("apiVersion", "v1").put("kind", "Secret")
                .put("type", "Opaque");
        secret.putObject("metadata").put("name", "loan-service-keys").put("namespace", "library");
        secret.putObject("data").put("api-key", Base64.getEncoder().encodeToString(
                "CANARY-SECRET-4242".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(dump.resolve("library").resolve("secrets.json"), secrets.toString());
        Path deployments = dump.resolve("library").resolve("deployments.json");
        JsonNode list = JSON.readTree(Files.readString(deployments));
        for (JsonNode d : list.path("items")) {
            if (d.path("metadata").path("name").asString().equals("loan-service")) {
                ArrayNode env = (ArrayNode) d.path("spec").path("template").path("spec").path("containers").get(0)
                        .path("env");
                env.addObject().put("name", "DB_PASSWORD").put("value", "CANARY-ENV-3131");
            }
        }
        Files.writeString(deployments, list.toString(), StandardOpenOption.TRUNCATE_EXISTING);
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("AIOPS_LLM_BASE_URL", model.baseUrl());
        env.put("AIOPS_LLM_API_KEY", "test-key");
        env.put("AIOPS_LLM_MODEL", "gpt-4o-mini");
        return env;
    }

    private void script() {
        model.toolCall("diagnosis_run", "{\"namespaces\":[\"library\"],\"categories\":null}")
                .toolCall("k8s_logs_tail", "{\"namespace\":\"library\",\"pod\":\"" + POD + "\",\"container\":null,"
                        + "\"tailLines\":200,\"previous\":null}")
                .toolCall("k8s_command_run", "{\"command\":\"kubectl get deployment loan-service -n library -o"
                        + " yaml\",\"reason\":\"see which keys the new version reads\"}")
                .toolCall("k8s_command_run", "{\"command\":\"kubectl get secrets -n library -o json\",\"reason\":"
                        + "\"check the mounted secret\"}")
                .answer("Deployment library/loan-service 2.4.0 reads LATE_FEE_POLICY from ConfigMap"
                        + " loan-service-config, which has no such key, so pod loan-service-658d47db4-hhftl cannot"
                        + " start (CreateContainerConfigError).\n");
    }

    @Test
    void askSendsStrictToolsReturnsToolResultsAndNeverLeaksASecret() {
        script();
        CliRun r = CliRun.withInput(env(), "", "ask", "--from-dump", dump.toString(), "why is loan-service failing?");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("[tool] diagnosis_run").contains("[tool] k8s_command_run")
                .contains("reads LATE_FEE_POLICY from ConfigMap loan-service-config");
        List<String> requests = model.requests();
        assertThat(requests).hasSize(5);
        JsonNode first = JSON.readTree(requests.get(0));
        assertThat(first.path("stream").asBoolean()).isTrue();
        assertThat(first.path("tools")).isNotEmpty().allSatisfy(t -> {
            assertThat(t.path("function").path("strict").asBoolean()).isTrue();
            assertThat(t.path("function").path("parameters").path("additionalProperties").asBoolean(true)).isFalse();
        });
        assertThat(requests.get(1)).contains("ContainerConfigError").contains("LATE_FEE_POLICY");
        assertThat(requests.get(2)).contains("retrying upstream with password=[REDACTED]");
        assertThat(requests.get(3)).contains("DB_PASSWORD").contains("LATE_FEE_POLICY");
        assertThat(requests.get(4)).contains("loan-service-keys");
        for (String body : requests) {
            for (String canary : CANARIES) {
                assertThat(body).as("a request body leaks " + canary).doesNotContain(canary);
            }
        }
    }

    @Test
    void jsonOutputAsksForWholeAnswersAndReportsToolsAndUsage() {
        script();
        CliRun r = CliRun.withInput(env(), "", "ask", "--from-dump", dump.toString(), "-o", "json",
                "why is loan-service failing?");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.path("mode").asString()).isEqualTo("model");
        assertThat(out.path("answer").asString()).contains("LATE_FEE_POLICY");
        assertThat(out.path("toolCalls")).hasSize(4);
        assertThat(out.path("toolCalls").get(2).asString()).endsWith("-> ran");
        assertThat(out.path("usage").path("inputTokens").asLong()).isEqualTo(900 * 4 + 1200);
        assertThat(out.path("ungroundedNames")).isEmpty();
        assertThat(model.requests()).allSatisfy(body -> assertThat(body).doesNotContain("\"stream\":true"));
    }

    @Test
    void withoutAModelAskAnswersFromTheDiagnosis() {
        Map<String, String> env = new HashMap<>(env());
        env.remove("AIOPS_LLM_MODEL");
        CliRun r = CliRun.withInput(env, "", "ask", "--from-dump", dump.toString(), "what is wrong with loan-service?");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("ContainerConfigError on Deployment library/loan-service")
                .contains("LATE_FEE_POLICY").contains("configure one");
        assertThat(model.requests()).isEmpty();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
