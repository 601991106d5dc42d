package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.JsonSchema;
import dev.aiops.core.mcp.McpJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code aiops mcp serve --transport stdio --demo} as a subprocess of the CLI, driven by the SDK's own client. */
class McpServeTest {

    @TempDir
    Path dir;

    @Test
    void theDemoClustersSkillsAreToolsThatRoundTripStructuredContent() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerParameters params = ServerParameters.builder(javaBin).args(List.of("-cp",
                System.getProperty("java.class.path"), AiopsCommand.class.getName(), "mcp", "serve", "--transport",
                "stdio", "--demo", "--audit-log", dir.resolve("audit.jsonl").toString())).build();
        JsonMapper json = JsonMapper.builder().build();
        try (McpSyncClient client = McpClient.sync(new StdioClientTransport(params, McpJson.mapper()))
                .requestTimeout(Duration.ofSeconds(60)).build()) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.serverInfo().name()).isEqualTo("aiops");

            List<McpSchema.Tool> tools = client.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name)
                    .containsExactly("diagnosis.run", "k8s.events.list", "k8s.logs.tail", "k8s.resources.list",
                            "runbook.generate");
            for (McpSchema.Tool t : tools) {
                assertThat(JsonSchema.metaViolations(json.valueToTree(t.inputSchema()))).as(t.name()).isEmpty();
                assertThat(JsonSchema.metaViolations(json.valueToTree(t.outputSchema()))).as(t.name()).isEmpty();
                assertThat(t.annotations().readOnlyHint()).as(t.name()).isTrue();
                assertThat(t.annotations().destructiveHint()).as(t.name()).isFalse();
            }

            McpSchema.CallToolResult report = client.callTool(new McpSchema.CallToolRequest("diagnosis.run",
                    Map.of("source", Map.of("type", "demo"))));
            assertThat(report.isError()).as(String.valueOf(report.content())).isFalse();
            JsonNode structured = json.valueToTree(report.structuredContent());
            assertThat(structured.path("schemaVersion").asString()).isEqualTo("1");
            assertThat(structured.path("findings").size()).isGreaterThanOrEqualTo(8);
            assertThat(((McpSchema.TextContent) report.content().get(0)).text()).contains("\"findings\"");

            McpSchema.ReadResourceResult latest = client.readResource(new McpSchema.ReadResourceRequest(
                    "aiops://diagnosis/latest"));
            String reportText = ((McpSchema.TextResourceContents) latest.contents().get(0)).text();
            assertThat(json.readTree(reportText).path("findings").size()).isGreaterThanOrEqualTo(8);
            String findingId = json.readTree(reportText).at("/findings/0/id").asString();
            McpSchema.ReadResourceResult runbook = client.readResource(new McpSchema.ReadResourceRequest(
                    "aiops://runbooks/" + findingId));
            JsonNode rb = json.readTree(((McpSchema.TextResourceContents) runbook.contents().get(0)).text());
            assertThat(rb.path("findingId").asString()).isEqualTo(findingId);
            assertThat(rb.path("steps").size()).isGreaterThanOrEqualTo(3);
            assertThat(rb.path("rollback").size()).isGreaterThanOrEqualTo(1);

            assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name)
                    .contains("oncall.system", "diagnosis.explain", "conversation.summarize", "postmortem.draft");
            McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("oncall.system",
                    Map.of("cluster", "prod-eu-1", "namespaces", "shop\npayments")));
            assertThat(((McpSchema.TextContent) prompt.messages().get(0).content()).text())
                    .contains("cluster `prod-eu-1`").contains("- shop\n- payments");

            McpSchema.CallToolResult invalid = client.callTool(new McpSchema.CallToolRequest("k8s.logs.tail",
                    Map.of("namespace", "shop")));
            assertThat(invalid.isError()).isTrue();
            assertThat(((McpSchema.TextContent) invalid.content().get(0)).text()).contains("INVALID_INPUT", "pod");
        }
        assertThat(Files.readString(dir.resolve("audit.jsonl")).lines()).hasSize(2);
    }
}
