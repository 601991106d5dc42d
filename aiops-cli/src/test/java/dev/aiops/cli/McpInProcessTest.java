package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.mcp.McpJson;
import dev.aiops.core.mcp.McpToolServer;
import dev.aiops.core.prompt.PromptRegistry;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosticsAgent;
import dev.aiops.infra.k8s.ClusterReaderSkills;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
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
        ClusterSnapshot snapshot = SnapshotReader.read(DiagnoseCommandTest.CRASHLOOP);
        CompositionGraph graph = CompositionGraph.of(
                DescriptorLoader.loadClasspath("skills", getClass().getClassLoader()).descriptors(),
                Set.of("kubernetes-api"));
        AgentRuntime.Builder rb = ClusterReaderSkills.bind(AgentRuntime.builder(graph), () -> snapshot);
        rb.bind(DiagnosticsAgent.SKILL, DiagnosticsAgent.handler((t, n) -> snapshot, Diagnoser.standard()));
        ObjectNode input = JsonMapper.builder().build().createObjectNode();
        input.putObject("source").put("type", "dump").put("name", DiagnoseCommandTest.CRASHLOOP.toString());
        HttpServletStreamableServerTransportProvider servlet = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJson.mapper()).mcpEndpoint(McpHttp.ENDPOINT).build();
        try (AgentRuntime runtime = rb.build(); AuditLog audit = AuditLog.appendingTo(dir.resolve("audit.jsonl"))) {
            McpSyncServer server = McpToolServer.start(servlet, runtime, "test",
                    new McpToolServer.Options(false, audit, PromptRegistry.fromClasspath(), input));
            try (McpHttp http = McpHttp.start(servlet, "127.0.0.1", 0, null);
                 McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport
                                 .builder("http://127.0.0.1:" + http.port()).endpoint(McpHttp.ENDPOINT)
                                 .jsonMapper(McpJson.mapper()).build())
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
            } finally {
                server.closeGracefully();
            }
        }
    }
}
