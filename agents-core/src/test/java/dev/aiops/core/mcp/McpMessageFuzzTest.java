package dev.aiops.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.Tier;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.prompt.PromptRegistry;
import dev.aiops.core.runtime.AgentRuntime;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile JSON-RPC lines sent to our MCP server, decoded the way the SDK's transports decode them (with our
 * {@link McpJson} mapper) and, for {@code tools/call} and {@code prompts/get}, handled by our handlers over a real
 * runtime and the packaged prompts. Decoding fails only with the SDK's documented errors (which the transport
 * logs and skips); our handlers answer with a result or an {@link McpError} (a JSON-RPC error for the client),
 * never another exception.
 */
class McpMessageFuzzTest {

    private static final McpJsonMapper MAPPER = McpJson.mapper();
    private static final McpServerFeatures.SyncToolSpecification TOOL;
    private static final List<McpServerFeatures.SyncPromptSpecification> PROMPTS =
            McpToolServer.prompts(PromptRegistry.fromClasspath());

    static {
        JsonMapper json = JsonMapper.builder().build();
        CompositionGraph graph = CompositionGraph.of(List.of(AgentDescriptor.builder("demo-reader")
                .tier(Tier.INFRASTRUCTURE).skill(McpTestServerMain.STATUS).build()), Set.of());
        AgentRuntime runtime = AgentRuntime.builder(graph)
                .bind(McpTestServerMain.STATUS.name(), c -> json.createObjectNode().put("ready", 3)).build();
        try {
            Path audit = Files.createTempDirectory("mcp-fuzz").resolve("audit.jsonl");
            TOOL = McpToolServer.tools(runtime, new McpToolServer.Options(false, AuditLog.appendingTo(audit))).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void aMessageIsDecodedAndAnsweredOrRefusedWithAProtocolError(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8);
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(MAPPER, line);
        } catch (IOException | IllegalArgumentException | JacksonException notAMessage) {
            return; // the transport logs it and reads the next line
        }
        if (!(message instanceof McpSchema.JSONRPCRequest request)) {
            return;
        }
        try {
            answer(request);
        } catch (McpError protocolError) {
            assertThat(protocolError.getJsonRpcError().message()).isNotBlank();
        }
    }

    private static void answer(McpSchema.JSONRPCRequest request) {
        if ("tools/call".equals(request.method())) {
            McpSchema.CallToolRequest call = params(request, McpSchema.CallToolRequest.class);
            if (call != null && TOOL.tool().name().equals(call.name())) {
                McpSchema.CallToolResult result = TOOL.callHandler().apply(null, call);
                assertThat(result.content()).isNotEmpty();
            }
        } else if ("prompts/get".equals(request.method())) {
            McpSchema.GetPromptRequest get = params(request, McpSchema.GetPromptRequest.class);
            for (McpServerFeatures.SyncPromptSpecification p : PROMPTS) {
                if (get != null && p.prompt().name().equals(get.name())) {
                    assertThat(p.promptHandler().apply(null, get).messages()).hasSize(1);
                }
            }
        }
    }

    /** The request's params as the SDK's server session converts them; null when they do not convert. */
    private static <T> T params(McpSchema.JSONRPCRequest request, Class<T> type) {
        try {
            return MAPPER.convertValue(request.params(), type);
        } catch (IllegalArgumentException | JacksonException notConvertible) {
            return null; // the session answers with an error response
        }
    }
}
