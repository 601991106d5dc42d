package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.mcp.McpJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Hostile requests to the streamable HTTP server: bodies that are not JSON-RPC, foreign origins and hosts, tokens. */
class McpHttpHardeningTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"p\",\"version\":\"0\"}}}";

    @TempDir
    Path dir;

    /** Status and body of one response. */
    record Answer(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    @Test
    void bodiesThatAreNotJsonRpcGetJsonRpcErrorsWithoutJavaInternals() throws Exception {
        try (McpTestServer served = serve(McpHttp.Access.loopback())) {
            String url = served.base() + McpHttp.ENDPOINT;
            Answer notJson = post(url, "{not json", Map.of());
            assertThat(notJson.status()).isEqualTo(400);
            assertThat(notJson.json().at("/error/code").asInt()).isEqualTo(-32700);
            assertThat(notJson.json().get("id").isNull()).isTrue();
            Answer nothing = post(url, "null", Map.of());
            assertThat(nothing.status()).isEqualTo(400);
            assertThat(nothing.json().at("/error/code").asInt()).isEqualTo(-32600);
            Answer batch = post(url, "[1,2,3]", Map.of());
            assertThat(batch.json().at("/error/message").asString()).contains("one JSON object");
            Answer noVersion = post(url, "{\"id\":3,\"method\":\"tools/list\"}", Map.of());
            assertThat(noVersion.json().at("/error/code").asInt()).isEqualTo(-32600);
            assertThat(noVersion.json().get("id").asInt()).isEqualTo(3);
            // refusals of the SDK's own servlet: no Accept header, no session
            Answer noAccept = send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)));
            Answer noSession = post(url, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", Map.of());
            Answer get = send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET());
            for (Answer a : List.of(notJson, nothing, batch, noVersion, noAccept, noSession, get)) {
                assertThat(a.status()).as(a.body()).isBetween(400, 499);
                assertThat(a.json().path("jsonrpc").asString()).as(a.body()).isEqualTo("2.0");
                assertThat(a.json().at("/error/message").asString()).as(a.body()).isNotBlank();
                assertThat(a.body()).doesNotContain("stackTrace", "Exception", "java.", "className", "cause");
            }

            try (McpSyncClient client = client(served, null)) {
                client.initialize();
                assertThat(client.listTools().tools()).as("the server still serves").isNotEmpty();
            }
        }
    }

    @Test
    void withoutATokenAForeignOriginOrHostIsRefused() throws Exception {
        try (McpTestServer served = serve(new McpHttp.Access(null, List.of("https://app.example.com"), List.of()))) {
            String self = "127.0.0.1:" + served.port();
            Answer foreignHost = raw(served, "evil.example", null, null);
            assertThat(foreignHost.status()).isEqualTo(403);
            assertThat(foreignHost.json().at("/error/message").asString()).contains("Host", "--allowed-host");
            assertThat(foreignHost.json().get("id").isNull()).isTrue();
            Answer rebound = raw(served, "evil.example:" + served.port(), "http://evil.example:" + served.port(), null);
            assertThat(rebound.status()).isEqualTo(403);
            Answer foreignOrigin = raw(served, self, "http://evil.example", null);
            assertThat(foreignOrigin.status()).isEqualTo(403);
            assertThat(foreignOrigin.json().at("/error/message").asString()).contains("Origin", "--allowed-origin");
            assertThat(raw(served, self, "null", null).status()).isEqualTo(403);

            assertThat(raw(served, self, null, null).status()).isEqualTo(200);
            assertThat(raw(served, "localhost:" + served.port(), "http://localhost:5173", null).status())
                    .isEqualTo(200);
            assertThat(raw(served, self, "https://app.example.com", null).status()).as("an allowed origin")
                    .isEqualTo(200);
        }
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveAndWithATokenTheHostIsNotChecked() throws Exception {
        try (McpTestServer served = serve(new McpHttp.Access("s3cret", List.of(), List.of()))) {
            assertThat(raw(served, "aiops-mcp.aiops-system.svc", null, null).status()).as("no token").isEqualTo(401);
            assertThat(raw(served, "aiops-mcp.aiops-system.svc", null, "bearer s3cret").status()).isEqualTo(200);
            assertThat(raw(served, "127.0.0.1", null, "BEARER s3cret").status()).isEqualTo(200);
            assertThat(raw(served, "127.0.0.1", null, "Bearer s3cret").status()).isEqualTo(200);
            Answer wrong = raw(served, "127.0.0.1", null, "Bearer s3cre");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.json().at("/error/message").asString()).contains("bearer token");
            assertThat(raw(served, "127.0.0.1", null, "Basic s3cret").status()).isEqualTo(401);
            assertThat(raw(served, "127.0.0.1", "http://evil.example", "Bearer s3cret").status())
                    .as("the token does not make a foreign page welcome").isEqualTo(403);
        }
        try (McpTestServer served = serve(new McpHttp.Access("s3cret", List.of(), List.of("mcp.example.com")))) {
            assertThat(raw(served, "mcp.example.com", null, "Bearer s3cret").status()).isEqualTo(200);
            assertThat(raw(served, "evil.example", null, "Bearer s3cret").status())
                    .as("--allowed-host turns the Host check on").isEqualTo(403);
        }
    }

    @Test
    void aNonLoopbackBindNeedsATokenAndATokenArgumentIsWarnedAbout() {
        CliRun open = CliRun.run("mcp", "serve", "--transport", "http", "--bind", "0.0.0.0", "--demo");
        assertThat(open.exit()).isEqualTo(2);
        assertThat(open.err().lines()).singleElement().asString()
                .contains("0.0.0.0", "AIOPS_MCP_TOKEN", "--insecure-no-auth");

        CliRun argument = CliRun.run("mcp", "serve", "--transport", "http", "--token", "s3cret", "--from-dump",
                dir.resolve("absent").toString());
        assertThat(argument.err()).contains("warning: --token is visible", "process list", "AIOPS_MCP_TOKEN");
        assertThat(argument.exit()).isEqualTo(2);

        assertThat(CliRun.run("mcp", "serve", "--help").out()).contains("AIOPS_MCP_TOKEN", "--allowed-origin",
                "--allowed-host", "--insecure-no-auth");
    }

    @Test
    void insecureNoAuthOnEveryInterfaceWarnsAndStillChecksTheHost() throws Exception {
        Process p = CliProcess.of("mcp", "serve", "--transport", "http", "--bind", "0.0.0.0", "--port", "0",
                "--insecure-no-auth", "--demo", "--audit-log", dir.resolve("audit.jsonl").toString()).start();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("listening on http://0\\.0\\.0\\.0:(\\d+)/mcp$");
            boolean warned = false;
            int port = -1;
            for (String line; port < 0 && (line = err.readLine()) != null; ) {
                warned |= line.contains("warning: serving on 0.0.0.0 without a token");
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(warned).isTrue();
            assertThat(port).isPositive();
            assertThat(raw(port, "127.0.0.1:" + port, null, null).status()).isEqualTo(200);
            assertThat(raw(port, "evil.example:" + port, null, null).status()).isEqualTo(403);
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    private McpTestServer serve(McpHttp.Access access) throws Exception {
        return McpTestServer.start(DiagnoseCommandTest.CRASHLOOP, dir.resolve("audit.jsonl"), access, null);
    }

    private static McpSyncClient client(McpTestServer served, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return McpClient.sync(HttpClientStreamableHttpTransport.builder(served.base()).endpoint(McpHttp.ENDPOINT)
                .jsonMapper(McpJson.mapper()).requestBuilder(request).build())
                .requestTimeout(Duration.ofSeconds(30)).build();
    }

    private static Answer post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b);
    }

    private static Answer send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private static Answer raw(McpTestServer served, String host, String origin, String authorization)
            throws Exception {
        return raw(served.port(), host, origin, authorization);
    }

    /** An initialize request over a socket, since the JDK's client will not send a Host header of our choosing. */
    private static Answer raw(int port, String host, String origin, String authorization) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", host);
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, text/event-stream");
        headers.put("Content-Length", String.valueOf(INITIALIZE.getBytes(StandardCharsets.UTF_8).length));
        if (origin != null) {
            headers.put("Origin", origin);
        }
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        StringBuilder request = new StringBuilder("POST " + McpHttp.ENDPOINT + " HTTP/1.0\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n").append(INITIALIZE);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyStart = response.indexOf("\r\n\r\n");
            return new Answer(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }
}
