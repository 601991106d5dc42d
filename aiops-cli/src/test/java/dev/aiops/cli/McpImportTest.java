package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SideEffect;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.contract.Sla;
import dev.aiops.core.contract.Tier;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.mcp.McpImport;
import dev.aiops.core.mcp.McpJson;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.ErrorCode;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Tools of an external MCP server (here: aiops itself, as a subprocess) imported as Tier-1 skills. */
class McpImportTest {

    @TempDir
    Path dir;

    @Test
    void importedToolsAreSkillsOfTheGraphAndRunThroughTheRuntime() {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerParameters params = ServerParameters.builder(javaBin).args(List.of("-cp",
                System.getProperty("java.class.path"), AiopsCommand.class.getName(), "mcp", "serve", "--demo",
                "--audit-log", dir.resolve("audit.jsonl").toString())).build();
        JsonMapper json = JsonMapper.builder().build();
        Sla sla = new Sla(Duration.ofSeconds(60), Duration.ofSeconds(10), 99.0);
        try (McpImport imported = McpImport.connect("aiops", new StdioClientTransport(params, McpJson.mapper()), sla)) {
            AgentDescriptor agent = imported.descriptor();
            assertThat(agent.name()).isEqualTo("mcp-aiops");
            assertThat(agent.tier()).isEqualTo(Tier.INFRASTRUCTURE);
            assertThat(agent.skills()).extracting(SkillContract::name).containsExactly("mcp.aiops.diagnosis-run",
                    "mcp.aiops.k8s-events-list", "mcp.aiops.k8s-logs-tail", "mcp.aiops.k8s-resources-list",
                    "mcp.aiops.runbook-generate");
            assertThat(agent.skills()).allMatch(s -> s.sideEffect() == SideEffect.READ_ONLY && s.idempotent());
            assertThat(imported.skipped()).isEmpty();

            // the server's resources become injected context through the one standard mechanism
            List<dev.aiops.core.context.ContextBlock> blocks = imported.resources(5, 2_000).provide("why?");
            assertThat(blocks).singleElement().satisfies(b -> {
                assertThat(b.source()).isEqualTo("mcp:aiops/aiops://diagnosis/latest");
                assertThat(b.text()).contains("\"findings\"");
            });
            dev.aiops.core.llm.ModelInfo model = dev.aiops.core.llm.ModelCatalog.builtIn().lookup("gpt-4o-mini");
            dev.aiops.core.llm.TokenCounter counter = dev.aiops.core.llm.TokenCounter.forModel(model);
            dev.aiops.core.context.ContextAssembler.Assembled request = dev.aiops.core.context.ContextAssembler
                    .builder(model, counter).system("You are on call.").provider(imported.resources(5, 2_000)).build()
                    .assemble(new dev.aiops.core.context.Conversation(counter)
                            .add(dev.langchain4j.data.message.UserMessage.from("what is broken?")), List.of(), null);
            String context = ((dev.langchain4j.data.message.SystemMessage) request.messages().get(1)).text();
            assertThat(context).contains("Latest diagnosis report (mcp:aiops/aiops://diagnosis/latest)")
                    .containsPattern("\\[trimmed \\d+ tokens]");

            SkillContract triage = SkillContract.builder("triage.run").input("{\"type\":\"object\"}")
                    .output("{\"type\":\"object\",\"required\":[\"findings\"],"
                            + "\"properties\":{\"findings\":{\"type\":\"integer\"}}}").sla(sla).build();
            CompositionGraph graph = CompositionGraph.of(List.of(agent,
                    AgentDescriptor.builder("triage").tier(Tier.DOMAIN).skill(triage)
                            .dependsOn("mcp.aiops.diagnosis-run", "^1.0").build()), Set.of());
            assertThat(graph.errors()).isEmpty();
            try (AgentRuntime runtime = imported.bind(AgentRuntime.builder(graph)).bind("triage.run", call -> {
                ObjectNode in = json.createObjectNode();
                in.putObject("source").put("type", "demo");
                InvocationResult report = call.invoke("mcp.aiops.diagnosis-run", in);
                InvocationResult undeclared = call.invoke("mcp.aiops.k8s-events-list",
                        json.createObjectNode().put("namespace", "shop"));
                assertThat(undeclared.error()).isEqualTo(ErrorCode.UNDECLARED_CALL);
                return json.createObjectNode().put("findings", report.orThrow().path("findings").size());
            }).build()) {
                InvocationResult r = runtime.invoke("triage.run", json.createObjectNode(), InvocationContext.create());
                assertThat(r.isSuccess()).as(String.valueOf(r)).isTrue();
                assertThat(r.output().get("findings").asInt()).isGreaterThanOrEqualTo(8);

                InvocationResult invalid = runtime.invoke("mcp.aiops.k8s-logs-tail",
                        json.createObjectNode().put("namespace", "shop"), InvocationContext.create());
                assertThat(invalid.error()).isEqualTo(ErrorCode.INVALID_INPUT);
            }
        }
    }

    @Test
    void serversComeFromTheConfigFileAsACommandOrAUrl() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path config = dir.resolve("config.yaml");
        JsonMapper json = JsonMapper.builder().build();
        java.nio.file.Files.writeString(config, "mcp:\n  servers:\n    - name: Demo Cluster\n      command: "
                + json.writeValueAsString(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                AiopsCommand.class.getName(), "mcp", "serve", "--demo", "--audit-log",
                dir.resolve("a.jsonl").toString())) + "\n");
        List<McpImport> imports = McpImport.fromConfig(config, new Sla(Duration.ofSeconds(60), Duration.ofSeconds(10), 99.0));
        try {
            assertThat(imports).singleElement().satisfies(i -> {
                assertThat(i.descriptor().name()).isEqualTo("mcp-demo-cluster");
                assertThat(i.descriptor().skills()).hasSize(5);
            });
        } finally {
            imports.forEach(McpImport::close);
        }
        java.nio.file.Files.writeString(config, "mcp:\n  servers:\n    - name: broken\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> McpImport.fromConfig(config,
                        new Sla(Duration.ofSeconds(5), Duration.ofSeconds(1), 99.0)))
                .hasMessageContaining("/mcp/servers/0 needs a name and either a command (list) or a url");
        assertThat(McpImport.fromConfig(dir.resolve("none.yaml"), new Sla(Duration.ofSeconds(5), Duration.ofSeconds(1), 99.0)))
                .isEmpty();
    }

    @Test
    void aServerGivenByUrlAndTokenIsImportedOverStreamableHttp() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                AiopsCommand.class.getName(), "mcp", "serve", "--transport", "http", "--port", "0", "--token", "s3cret",
                "--demo", "--audit-log", dir.resolve("http-audit.jsonl").toString()).start();
        try {
            java.io.BufferedReader err = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            java.util.regex.Pattern listening = java.util.regex.Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)/mcp");
            String base = null;
            for (String line; base == null && (line = err.readLine()) != null; ) {
                java.util.regex.Matcher m = listening.matcher(line);
                if (m.find()) base = m.group(1);
            }
            assertThat(base).as("the server says where it listens").isNotNull();
            Path config = dir.resolve("url.yaml");
            java.nio.file.Files.writeString(config, "mcp:\n  servers:\n    - { name: remote, url: \"" + base
                    + "\", endpoint: /mcp, token: s3cret }\n");

            List<McpImport> imports = McpImport.fromConfig(config, new Sla(Duration.ofSeconds(60),
                    Duration.ofSeconds(10), 99.0));
            try {
                assertThat(imports).singleElement().satisfies(i -> {
                    assertThat(i.descriptor().name()).isEqualTo("mcp-remote");
                    assertThat(i.descriptor().skills()).extracting(c -> c.name()).contains("mcp.remote.diagnosis-run",
                            "mcp.remote.k8s-logs-tail");
                });
            } finally {
                imports.forEach(McpImport::close);
            }
            java.nio.file.Files.writeString(config, "mcp:\n  servers:\n    - { name: remote, url: \"" + base
                    + "\", endpoint: /mcp, token: wrong }\n");
            // a wrong token is refused by the server: the import fails instead of registering nothing
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> McpImport.fromConfig(config,
                    new Sla(Duration.ofSeconds(10), Duration.ofSeconds(5), 99.0))).isInstanceOf(RuntimeException.class);
        } finally {
            p.destroy();
            p.waitFor();
        }
    }
}
