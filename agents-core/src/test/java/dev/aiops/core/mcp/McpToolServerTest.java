package dev.aiops.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.contract.JsonSchema;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Our MCP server in a subprocess over stdio, driven by the official SDK's own client. */
class McpToolServerTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    McpSyncClient client(McpClient.SyncSpec spec) {
        McpSyncClient c = spec.requestTimeout(Duration.ofSeconds(20)).build();
        c.initialize();
        return c;
    }

    McpClient.SyncSpec spec(String... extra) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> args = new ArrayList<>(List.of("-cp",
                System.getProperty("java.class.path"), McpTestServerMain.class.getName(),
                dir.resolve("audit.jsonl").toString()));
        args.addAll(List.of(extra));
        return McpClient.sync(new StdioClientTransport(ServerParameters.builder(javaBin).args(args).build(),
                McpJson.mapper()));
    }

    @Test
    void listsToolsWithValidSchemasAndAnnotationsAndRoundTripsStructuredContent() throws Exception {
        try (McpSyncClient c = client(spec())) {
            var tools = c.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name).containsExactly("demo.deploy.restart", "demo.status.get");
            for (McpSchema.Tool t : tools) {
                assertThat(JsonSchema.metaViolations(JSON.valueToTree(t.inputSchema()))).as(t.name()).isEmpty();
                assertThat(JsonSchema.metaViolations(JSON.valueToTree(t.outputSchema()))).as(t.name()).isEmpty();
            }
            McpSchema.Tool status = tools.get(1);
            assertThat(status.annotations().readOnlyHint()).isTrue();
            assertThat(status.annotations().destructiveHint()).isFalse();
            assertThat(status.annotations().idempotentHint()).isTrue();
            assertThat(tools.get(0).annotations().destructiveHint()).isTrue();

            McpSchema.CallToolResult ok = c.callTool(new McpSchema.CallToolRequest("demo.status.get", Map.of("name", "api")));
            assertThat(ok.isError()).isFalse();
            assertThat(ok.structuredContent()).isEqualTo(Map.of("ready", 3));

            McpSchema.CallToolResult bad = c.callTool(new McpSchema.CallToolRequest("demo.status.get", Map.of("name", "")));
            assertThat(bad.isError()).isTrue();
            assertThat(((McpSchema.TextContent) bad.content().get(0)).text()).contains("INVALID_INPUT").contains("/name");

            McpSchema.CallToolResult refused = c.callTool(new McpSchema.CallToolRequest("demo.deploy.restart",
                    Map.of("name", "api")));
            assertThat(refused.isError()).isTrue();
            assertThat(((McpSchema.TextContent) refused.content().get(0)).text())
                    .contains("destructive and was not approved (refused:client-cannot-elicit)");
        }
        String audit = Files.readString(dir.resolve("audit.jsonl"));
        assertThat(audit.lines()).hasSize(3);
        assertThat(audit).contains("\"outcome\":\"ok\"", "\"outcome\":\"error:INVALID_INPUT\"",
                "\"decision\":\"refused:client-cannot-elicit\"").doesNotContain("\"api\"");
        assertThat(audit).contains("\"agent\":\"mcp\"", "\"action\":\"demo.status.get\"", "\"seq\":3");
        assertThat(AuditLog.verify(dir.resolve("audit.jsonl")).intact()).isTrue();
    }

    @Test
    void aDestructiveToolRunsWhenTheClientApprovesThroughElicitation() throws Exception {
        AtomicReference<String> asked = new AtomicReference<>();
        McpClient.SyncSpec s = spec().capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> {
                    asked.set(request.message());
                    return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of());
                });
        try (McpSyncClient c = client(s)) {
            McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest("demo.deploy.restart",
                    Map.of("name", "api")));
            assertThat(r.isError()).as(String.valueOf(r.content())).isFalse();
            assertThat(r.structuredContent()).isEqualTo(Map.of("restarted", "api"));
        }
        assertThat(asked.get()).contains("Approve the destructive tool demo.deploy.restart").contains("\"name\":\"api\"");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"decision\":\"approved:elicitation\"");
    }

    @Test
    void aDeclinedElicitationRefusesAndAllowDestructiveSkipsTheQuestion() throws Exception {
        McpClient.SyncSpec declining = spec().capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, Map.of()));
        try (McpSyncClient c = client(declining)) {
            assertThat(c.callTool(new McpSchema.CallToolRequest("demo.deploy.restart", Map.of("name", "api"))).isError())
                    .isTrue();
        }
        try (McpSyncClient c = client(spec("--allow-destructive"))) {
            assertThat(c.callTool(new McpSchema.CallToolRequest("demo.deploy.restart", Map.of("name", "api"))).isError())
                    .isFalse();
        }
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"decision\":\"refused:decline\"",
                "\"decision\":\"approved:--allow-destructive\"");
    }
}
