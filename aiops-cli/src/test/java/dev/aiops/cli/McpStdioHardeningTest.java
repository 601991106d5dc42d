package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.mcp.McpJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code aiops mcp serve --transport stdio} fed lines that are not JSON-RPC, as a child process. */
class McpStdioHardeningTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"p\",\"version\":\"0\"}}}";

    @TempDir
    Path dir;

    @Test
    void badLinesAreSkippedOrAnsweredByIdAndTheServerKeepsServingUntilStdinCloses() throws Exception {
        Process p = CliProcess.of("mcp", "serve", "--transport", "stdio", "--demo", "--audit-log",
                dir.resolve("audit.jsonl").toString()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            send(in, "garbage");
            for (String line : List.of("[1,2,3]", "null", "42", "{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"a\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}trailing", "")) {
                send(in, line);
            }
            JsonNode init = exchange(in, out, INITIALIZE);
            assertThat(init.get("id").asInt()).as("the lines without an id got no answer").isEqualTo(1);
            assertThat(init.at("/result/serverInfo/name").asString()).isEqualTo("aiops");
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

            JsonNode noVersion = exchange(in, out, "{\"id\":3,\"method\":\"tools/list\"}");
            assertThat(noVersion.get("id").asInt()).isEqualTo(3);
            assertThat(noVersion.at("/error/code").asInt()).isEqualTo(-32600);
            assertThat(noVersion.at("/error/message").asString()).contains("jsonrpc");
            JsonNode neither = exchange(in, out, "{\"jsonrpc\":\"2.0\",\"id\":5}");
            assertThat(neither.get("id").asInt()).isEqualTo(5);
            assertThat(neither.at("/error/code").asInt()).isEqualTo(-32600);
            assertThat(neither.toString()).doesNotContain("Exception", "java.", "stackTrace");

            JsonNode tools = exchange(in, out, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}");
            assertThat(tools.get("id").asInt()).isEqualTo(4);
            assertThat(tools.at("/result/tools").size()).isEqualTo(5);
        }
        assertThat(p.waitFor()).as("the server ends with its input").isZero();
        List<String> log = Files.readAllLines(dir.resolve("stderr.txt"));
        assertThat(log).anyMatch(l -> l.contains("line 1 of standard input skipped: Parse error"));
        assertThat(log).anyMatch(l -> l.contains("line 2 of standard input skipped: Invalid Request: a message must"
                + " be one JSON object"));
        assertThat(log).anyMatch(l -> l.contains("standard input answered with error -32600: Invalid Request:"
                + " \"jsonrpc\" must be \"2.0\""));
        assertThat(String.join("\n", log)).doesNotContain("Exception", "\tat ");
    }

    @Test
    void theSdkClientWorksWithAServerThatWasSentBadLinesFirst() throws Exception {
        List<String> args = new ArrayList<>(List.of("-c",
                "{ printf 'garbage\\n[1,2,3]\\nnull\\n'; cat; } | \"$@\"", "sh"));
        args.addAll(CliProcess.command("mcp", "serve", "--transport", "stdio", "--demo", "--audit-log",
                dir.resolve("audit.jsonl").toString()));
        ServerParameters params = ServerParameters.builder("sh").args(args).build();
        try (McpSyncClient client = McpClient.sync(new StdioClientTransport(params, McpJson.mapper()))
                .initializationTimeout(Duration.ofSeconds(150)).requestTimeout(Duration.ofSeconds(60)).build()) {
            assertThat(client.initialize().serverInfo().name()).isEqualTo("aiops");
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("k8s.logs.tail");
        }
    }

    private static JsonNode exchange(Writer in, BufferedReader out, String line) throws Exception {
        send(in, line);
        String answer = out.readLine();
        assertThat(answer).as("an answer to " + line).isNotNull();
        return JSON.readTree(answer);
    }

    private static void send(Writer in, String line) throws Exception {
        in.write(line + "\n");
        in.flush();
    }
}
