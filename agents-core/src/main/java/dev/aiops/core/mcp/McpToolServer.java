package dev.aiops.core.mcp;

import dev.aiops.core.audit.AuditEntry;
import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.contract.SideEffect;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.prompt.Prompt;
import dev.aiops.core.prompt.PromptRegistry;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
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
     * @param audit            where every call is recorded (agent {@code mcp}, action = the tool)
     */
    public record Options(boolean allowDestructive, AuditLog audit, PromptRegistry prompts,
                          JsonNode diagnosisInput) {
        public Options {
            Objects.requireNonNull(audit, "audit");
        }

        /** Tools only: no prompts, no diagnosis resource. */
        public Options(boolean allowDestructive, AuditLog audit) {
            this(allowDestructive, audit, null, null);
        }
    }

    /** The resource template of the runbook for one finding of the served cluster. */
    public static final String RUNBOOK_TEMPLATE = "aiops://runbooks/{findingId}";

    /** The resource that holds a fresh diagnosis report of the served cluster. */
    public static final String DIAGNOSIS_RESOURCE = "aiops://diagnosis/latest";

    private McpToolServer() {
    }

    /** Starts serving {@code runtime}'s bound skills over a single-session transport (stdio). */
    public static McpSyncServer start(McpServerTransportProvider transport, AgentRuntime runtime, String version,
                                      Options options) {
        return configure(McpServer.sync(transport), runtime, version, options).build();
    }

    /** Starts serving over a streamable HTTP transport (many sessions). */
    public static McpSyncServer start(McpStreamableServerTransportProvider transport, AgentRuntime runtime,
                                      String version, Options options) {
        return configure(McpServer.sync(transport), runtime, version, options).build();
    }

    private static McpServer.SyncSpecification<?> configure(McpServer.SyncSpecification<?> spec, AgentRuntime runtime,
                                                            String version, Options options) {
        return spec.serverInfo("aiops", version)
                .jsonMapper(McpJson.mapper())
                // the runtime validates (with JSON pointers) so that rejected calls are audited too
                .validateToolInputs(false)
                // handlers block (runtime calls, elicitation round trips): run them off the transport's thread
                .immediateExecution(false)
                .instructions("Kubernetes diagnostics and operations skills of aiops-agents. Read-only tools are"
                        + " safe to call; destructive ones need approval.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true)
                        .prompts(options.prompts() != null).resources(false, false).build())
                .tools(tools(runtime, options))
                .prompts(prompts(options.prompts()))
                .resources(resources(runtime, options))
                .resourceTemplates(runbooks(runtime, options));
    }

    /**
     * The version-controlled prompts as MCP prompts: arguments from their declared variables; values arrive as
     * text and are converted to the declared type (lists one item per line, objects as JSON).
     */
    static List<McpServerFeatures.SyncPromptSpecification> prompts(PromptRegistry registry) {
        List<McpServerFeatures.SyncPromptSpecification> out = new ArrayList<>();
        if (registry == null) {
            return out;
        }
        for (Prompt p : registry.all()) {
            List<McpSchema.PromptArgument> args = p.variables().stream()
                    .map(v -> new McpSchema.PromptArgument(v.name(), v.description() + " (" + v.type().name()
                            .toLowerCase() + ")", v.required()))
                    .toList();
            out.add(new McpServerFeatures.SyncPromptSpecification(
                    new McpSchema.Prompt(p.id(), p.id() + " " + p.version(), p.description(), args),
                    (exchange, request) -> {
                        Map<String, Object> values = new java.util.LinkedHashMap<>();
                        Map<String, Object> given = request.arguments() == null ? Map.of() : request.arguments();
                        for (Prompt.Variable v : p.variables()) {
                            Object raw = given.get(v.name());
                            if (raw != null) {
                                try {
                                    values.put(v.name(), typed(v, raw.toString()));
                                } catch (dev.aiops.core.prompt.PromptException e) {
                                    throw io.modelcontextprotocol.spec.McpError.builder(
                                            McpSchema.ErrorCodes.INVALID_PARAMS).message(e.getMessage()).build();
                                }
                            }
                        }
                        given.keySet().stream().filter(k -> p.variables().stream().noneMatch(v -> v.name().equals(k)))
                                .forEach(k -> values.put(k, given.get(k)));
                        Prompt.Rendered r;
                        try {
                            r = p.render(values);
                        } catch (dev.aiops.core.prompt.PromptException e) {
                            // a protocol error the client can show, not a failed exchange
                            throw io.modelcontextprotocol.spec.McpError.builder(
                                    McpSchema.ErrorCodes.INVALID_PARAMS).message(e.getMessage()).build();
                        }
                        return new McpSchema.GetPromptResult(p.description() + " (" + p.id() + " " + p.version()
                                + ", sha256 " + p.hash().substring(0, 12) + ")",
                                List.of(new McpSchema.PromptMessage(McpSchema.Role.USER,
                                        new McpSchema.TextContent(r.text()))));
                    }));
        }
        return out;
    }

    private static Object typed(Prompt.Variable v, String text) {
        try {
            return switch (v.type()) {
                case INTEGER -> Long.parseLong(text.trim());
                case NUMBER -> Double.parseDouble(text.trim());
                case BOOLEAN -> Boolean.parseBoolean(text.trim());
                case LIST -> List.of(text.split("\\R"));
                case OBJECT -> JSON.readTree(text);
                default -> text;
            };
        } catch (RuntimeException e) {
            throw new dev.aiops.core.prompt.PromptException("argument '" + v.name() + "' must be "
                    + v.type().name().toLowerCase() + ": " + e.getMessage());
        }
    }

    /** {@value #RUNBOOK_TEMPLATE}: the runbook of a finding (ids from the diagnosis resource), made when read. */
    static List<McpServerFeatures.SyncResourceTemplateSpecification> runbooks(AgentRuntime runtime, Options options) {
        if (options.diagnosisInput() == null || !runtime.boundSkills().contains("runbook.generate")) {
            return List.of();
        }
        McpSchema.ResourceTemplate template = McpSchema.ResourceTemplate.builder().uriTemplate(RUNBOOK_TEMPLATE)
                .name("runbook").title("Runbook for a finding").mimeType("application/json")
                .description("Confirm, save, fix, verify and roll back, for one finding of aiops://diagnosis/latest.")
                .build();
        String prefix = RUNBOOK_TEMPLATE.substring(0, RUNBOOK_TEMPLATE.indexOf('{'));
        return List.of(new McpServerFeatures.SyncResourceTemplateSpecification(template, (exchange, request) -> {
            String id = request.uri().startsWith(prefix) ? request.uri().substring(prefix.length()) : "";
            tools.jackson.databind.node.ObjectNode input = JSON.createObjectNode().put("findingId", id);
            input.set("source", options.diagnosisInput().get("source"));
            InvocationResult r = runtime.invoke("runbook.generate", input, InvocationContext.create());
            if (!r.isSuccess()) {
                throw io.modelcontextprotocol.spec.McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                        .message(r.error() + ": " + r.message()).build();
            }
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(request.uri(),
                    "application/json", r.output().toString())));
        }));
    }

    /** {@value #DIAGNOSIS_RESOURCE}: the diagnosis report of the served cluster, made when read. */
    static List<McpServerFeatures.SyncResourceSpecification> resources(AgentRuntime runtime, Options options) {
        if (options.diagnosisInput() == null || !runtime.boundSkills().contains("diagnosis.run")) {
            return List.of();
        }
        McpSchema.Resource resource = McpSchema.Resource.builder().uri(DIAGNOSIS_RESOURCE).name("diagnosis-latest")
                .title("Latest diagnosis report").mimeType("application/json")
                .description("A fresh diagnosis of the served cluster in the diagnosis-report v1 contract.").build();
        return List.of(new McpServerFeatures.SyncResourceSpecification(resource, (exchange, request) -> {
            InvocationResult r = runtime.invoke("diagnosis.run", options.diagnosisInput(), InvocationContext.create());
            String text = r.isSuccess() ? r.output().toString()
                    : "{\"error\":" + JSON.writeValueAsString(r.error() + ": " + r.message()) + "}";
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(DIAGNOSIS_RESOURCE,
                    "application/json", text)));
        }));
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
                audit(options, skill, argsJson, decision, "refused", start);
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
            audit(options, skill, argsJson, decision, "error", start);
            return error("'" + skill.name() + "' failed: " + e.getMessage());
        }
        if (!r.isSuccess()) {
            audit(options, skill, argsJson, decision, "error:" + r.error(), start);
            StringBuilder msg = new StringBuilder(r.error() + ": " + r.message());
            r.violations().forEach(v -> msg.append("\n  ").append(v));
            return error(msg.toString());
        }
        audit(options, skill, argsJson, decision, "ok", start);
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

    /** One record per call: agent {@code mcp}, the tool as the action, the arguments (hashed in the log). */
    private static void audit(Options options, SkillContract skill, String argsJson, String decision, String outcome,
                              long start) {
        options.audit().append(AuditEntry.of("mcp", skill.name()).arguments(argsJson).decision(decision)
                .outcome(outcome).durationMs(millis(start)));
    }

    private static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
