package dev.aiops.core.mcp;

import dev.aiops.core.contract.SideEffect;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The skills of an {@link AgentRuntime} as an MCP server on the official Java SDK. Each bound skill is a tool named
 * like the skill, with its contract's input and output schemas, results as {@code structuredContent} (and the same
 * JSON as text), and annotations from its side effects: {@code readOnlyHint}, {@code destructiveHint},
 * {@code idempotentHint}. Calls go through the runtime, so schemas and graph rules hold. Errors (invalid
 * arguments, a failing skill) are {@code isError} results, never a crash. A destructive skill runs only when the
 * client approves it through MCP elicitation, or when the server was started with destructive tools allowed;
 * every call is audited.
 */
public final class McpToolServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    /**
     * @param allowDestructive run destructive tools without asking (otherwise elicitation, or refusal)
     * @param audit            where every call is recorded
     */
    public record Options(boolean allowDestructive, AuditLog audit) {
        public Options {
            Objects.requireNonNull(audit, "audit");
        }
    }

    private McpToolServer() {
    }

    /** Starts serving {@code runtime}'s bound skills over {@code transport}. */
    public static McpSyncServer start(McpServerTransportProvider transport, AgentRuntime runtime, String version,
                                      Options options) {
        McpJsonMapper mapper = McpJson.mapper();
        return McpServer.sync(transport)
                .serverInfo("aiops", version)
                .jsonMapper(mapper)
                // the runtime validates (with JSON pointers) so that rejected calls are audited too
                .validateToolInputs(false)
                // handlers block (runtime calls, elicitation round trips): run them off the transport's thread
                .immediateExecution(false)
                .instructions("Kubernetes diagnostics and operations skills of aiops-agents. Read-only tools are"
                        + " safe to call; destructive ones need approval.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tools(runtime, options))
                .build();
    }

    /** One tool per bound skill, in name order. */
    public static List<McpServerFeatures.SyncToolSpecification> tools(AgentRuntime runtime, Options options) {
        List<McpServerFeatures.SyncToolSpecification> out = new ArrayList<>();
        runtime.graph().skills().stream()
                .filter(s -> runtime.boundSkills().contains(s.name()))
                .sorted(java.util.Comparator.comparing(SkillContract::name))
                .forEach(s -> out.add(McpServerFeatures.SyncToolSpecification.builder()
                        .tool(tool(s))
                        .callHandler((exchange, request) -> call(runtime, s, exchange, request, options))
                        .build()));
        return out;
    }

    static McpSchema.Tool tool(SkillContract s) {
        boolean destructive = s.sideEffect() == SideEffect.DESTRUCTIVE;
        return McpSchema.Tool.builder()
                .name(s.name())
                .title(s.name() + " " + s.version())
                .description(s.description())
                .inputSchema(JSON.convertValue(s.input().node(), MAP))
                .outputSchema(JSON.convertValue(s.output().node(), MAP))
                .annotations(new McpSchema.ToolAnnotations(s.name(), s.readOnly(), destructive, s.idempotent(),
                        Boolean.TRUE, Boolean.FALSE))
                .build();
    }

    private static McpSchema.CallToolResult call(AgentRuntime runtime, SkillContract skill,
                                                 McpSyncServerExchange exchange, McpSchema.CallToolRequest request,
                                                 Options options) {
        long start = System.nanoTime();
        Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
        String argsJson = JSON.writeValueAsString(args);
        String decision = "not-required";
        if (skill.sideEffect() == SideEffect.DESTRUCTIVE) {
            decision = approve(skill, argsJson, exchange, options);
            if (!decision.startsWith("approved")) {
                options.audit().record(skill.name(), argsJson, decision, "refused", millis(start));
                return error("'" + skill.name() + "' is destructive and was not approved (" + decision + "). Ask"
                        + " the user to approve it in a client that supports MCP elicitation, or start the server"
                        + " with --allow-destructive.");
            }
        }
        JsonNode input = JSON.valueToTree(args);
        InvocationResult r;
        try {
            r = runtime.invoke(skill.name(), input, InvocationContext.create());
        } catch (RuntimeException e) {
            options.audit().record(skill.name(), argsJson, decision, "error", millis(start));
            return error("'" + skill.name() + "' failed: " + e.getMessage());
        }
        if (!r.isSuccess()) {
            options.audit().record(skill.name(), argsJson, decision, "error:" + r.error(), millis(start));
            StringBuilder msg = new StringBuilder(r.error() + ": " + r.message());
            r.violations().forEach(v -> msg.append("\n  ").append(v));
            return error(msg.toString());
        }
        options.audit().record(skill.name(), argsJson, decision, "ok", millis(start));
        return McpSchema.CallToolResult.builder()
                .structuredContent(JSON.convertValue(r.output(), MAP))
                .addTextContent(r.output().toString())
                .isError(false)
                .build();
    }

    private static String approve(SkillContract skill, String argsJson, McpSyncServerExchange exchange,
                                  Options options) {
        if (options.allowDestructive()) {
            return "approved:--allow-destructive";
        }
        McpSchema.ClientCapabilities caps = exchange.getClientCapabilities();
        if (caps == null || caps.elicitation() == null) {
            return "refused:client-cannot-elicit";
        }
        McpSchema.ElicitResult answer = exchange.createElicitation(McpSchema.ElicitRequest.builder(
                "Approve the destructive tool " + skill.name() + " with arguments " + argsJson + "?",
                Map.of("type", "object", "properties", Map.of())).build());
        return answer.action() == McpSchema.ElicitResult.Action.ACCEPT ? "approved:elicitation"
                : "refused:" + answer.action().name().toLowerCase();
    }

    private static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
