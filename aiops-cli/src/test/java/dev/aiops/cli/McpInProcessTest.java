package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.mcp.McpJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The MCP server and the SDK's client in one JVM, over streamable HTTP on loopback, on a snapshot. */
class McpInProcessTest {

    @TempDir
    Path dir;

    @Test
    void diagnosesASnapshotThroughTheSdkClientInProcess() throws Exception {
        ObjectNode input = JsonMapper.builder().build().createObjectNode();
        input.putObject("source").put("type", "dump").put("name", DiagnoseCommandTest.CRASHLOOP.toString());
        try (McpTestServer served = McpTestServer.start(DiagnoseCommandTest.CRASHLOOP, dir.resolve("audit.jsonl"),
                McpHttp.Access.loopback(), input);
             McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(served.base())
                             .endpoint(McpHttp.ENDPOINT).jsonMapper(McpJson.mapper()).build())
                     .requestTimeout(Duration.ofSeconds(30)).build()) {
            client.initialize();
            McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("diagnosis.run",
                    Map.of("source", Map.of("type", "dump", "name", DiagnoseCommandTest.CRASHLOOP.toString()),
                            "categories", java.util.List.of("ContainerConfigError"))));
            assertThat(r.isError()).as(String.valueOf(r.content())).isFalse();
            assertThat(r.structuredContent().toString()).contains("LATE_FEE_POLICY");
            McpSchema.GetPromptResult missing = null;
            try {
                missing = client.getPrompt(new McpSchema.GetPromptRequest("diagnosis.explain", Map.of()));
            } catch (io.modelcontextprotocol.spec.McpError e) {
                assertThat(e.getMessage()).contains("report_json");
            }
            assertThat(missing).as("a prompt without its required variable is an MCP error").isNull();
        }
    }
}
