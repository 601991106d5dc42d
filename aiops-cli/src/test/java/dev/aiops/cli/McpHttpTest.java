package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.mcp.McpJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aiops mcp serve --transport http} in a subprocess: streamable HTTP on loopback behind a bearer token. */
class McpHttpTest {

    @TempDir
    Path dir;

    @Test
    void servesStreamableHttpOnLoopbackAndRefusesRequestsWithoutTheToken() throws Exception {
        ProcessBuilder pb = CliProcess.of("mcp", "serve", "--transport", "http", "--port", "0", "--demo",
                "--audit-log", dir.resolve("audit.jsonl").toString());
        pb.environment().put("AIOPS_MCP_TOKEN", "s3cret");
        Process p = pb.start();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+)/mcp) \\(bearer token required\\)");
            String url = null;
            for (String line; url == null && (line = err.readLine()) != null; ) {
                assertThat(line).as("the token from the environment needs no warning").doesNotContain("warning");
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    url = m.group(1);
                }
            }
            assertThat(url).as("the server says where it listens").isNotNull();

            HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);

            String base = url.substring(0, url.length() - "/mcp".length());
            HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base)
                    .endpoint("/mcp").jsonMapper(McpJson.mapper())
                    .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer s3cret")).build();
            try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build()) {
                client.initialize();
                List<McpSchema.Tool> tools = client.listTools().tools();
                assertThat(tools).extracting(McpSchema.Tool::name).contains("diagnosis.run", "k8s.logs.tail");
                McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("k8s.resources.list",
                        Map.of("kind", "Deployment", "namespace", "shop")));
                assertThat(r.isError()).as(String.valueOf(r.content())).isFalse();
                // the demo's shop Deployments, by name, as the skill's output has them
                assertThat(String.valueOf(r.structuredContent())).contains("items", "checkout", "catalog", "cart");
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.callTool(
                                new McpSchema.CallToolRequest("no.such.tool", Map.of())))
                        .isInstanceOf(io.modelcontextprotocol.spec.McpError.class).hasMessageContaining("Unknown tool");
                assertThat(client.listTools().tools()).as("the server survives a bad request").hasSize(5);
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
    }
}
