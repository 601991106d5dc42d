package dev.aiops.core.mcp;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SideEffect;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.contract.Sla;
import dev.aiops.core.contract.Tier;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.SkillException;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tools of an external MCP server as Tier-1 skills. Each tool becomes a skill {@code mcp.<server>.<tool>} of an
 * infrastructure agent {@code mcp-<server>}, with the tool's input schema, its output schema (or
 * {@code {"text": ...}} for tools without one), side effects from its annotations (destructive, read-only, else
 * mutating) and idempotency from {@code idempotentHint}. Imported skills enter the composition graph and the
 * runtime like any other: declared dependencies, validation, timeouts, retries and circuit breakers apply.
 * A tool whose schema is not valid JSON Schema 2020-12 is skipped with a warning naming it.
 */
public final class McpImport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(McpImport.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    static final String TEXT_OUTPUT = "{\"type\":\"object\",\"required\":[\"text\"],"
            + "\"properties\":{\"text\":{\"type\":\"string\"}}}";

    private final String server;
    private final McpSyncClient client;
    private final Map<String, String> toolBySkill = new LinkedHashMap<>();
    private final Map<String, Boolean> structured = new LinkedHashMap<>();
    private final AgentDescriptor descriptor;
    private final List<String> skipped = new ArrayList<>();

    private McpImport(String server, McpSyncClient client, Sla sla) {
        this.server = server;
        this.client = client;
        AgentDescriptor.Builder agent = AgentDescriptor.builder("mcp-" + slug(server)).tier(Tier.INFRASTRUCTURE)
                .description("Tools imported from the MCP server '" + server + "'.");
        for (McpSchema.Tool tool : client.listTools().tools()) {
            String skill = "mcp." + slug(server) + "." + slug(tool.name());
            try {
                boolean hasOutput = tool.outputSchema() != null && !tool.outputSchema().isEmpty();
                McpSchema.ToolAnnotations a = tool.annotations();
                SideEffect effect = a != null && Boolean.TRUE.equals(a.destructiveHint()) ? SideEffect.DESTRUCTIVE
                        : a != null && Boolean.TRUE.equals(a.readOnlyHint()) ? SideEffect.READ_ONLY
                        : SideEffect.MUTATING;
                agent.skill(SkillContract.builder(skill)
                        .description(tool.description() == null ? tool.name() : tool.description())
                        .input(JSON.valueToTree(tool.inputSchema()))
                        .output(hasOutput ? JSON.valueToTree(tool.outputSchema()) : JSON.readTree(TEXT_OUTPUT))
                        .sideEffect(effect)
                        .idempotent(a != null && Boolean.TRUE.equals(a.idempotentHint()))
                        .sla(sla)
                        .build());
                toolBySkill.put(skill, tool.name());
                structured.put(skill, hasOutput);
            } catch (RuntimeException e) {
                skipped.add(tool.name() + ": " + e.getMessage());
                LOG.warn("MCP server '{}': tool '{}' not imported: {}", server, tool.name(), e.getMessage());
            }
        }
        this.descriptor = agent.build();
    }

    /**
     * Connects, initialises and lists the server's tools.
     *
     * @param sla the SLA every imported skill gets (its timeout is each call's time limit)
     */
    public static McpImport connect(String server, McpClientTransport transport, Sla sla) {
        McpSyncClient client = McpClient.sync(transport).requestTimeout(sla.timeout().plus(Duration.ofSeconds(5)))
                .initializationTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return new McpImport(server, client, sla);
    }

    /**
     * Connects to every server under {@code mcp.servers} of a config file ({@code ~/.config/aiops/config.yaml}):
     * <pre>
     * mcp:
     *   servers:
     *     - { name: github, command: [npx, -y, "@modelcontextprotocol/server-github"], env: { GITHUB_TOKEN: ... } }
     *     - { name: grafana, url: http://127.0.0.1:8000, endpoint: /mcp, token: ... }
     * </pre>
     * A missing file or section means no servers.
     *
     * @throws IllegalArgumentException naming the file and entry when an entry has neither command nor url
     */
    public static List<McpImport> fromConfig(java.nio.file.Path configFile, Sla sla) {
        List<McpImport> out = new ArrayList<>();
        if (configFile == null || !java.nio.file.Files.isRegularFile(configFile)) {
            return out;
        }
        tools.jackson.databind.JsonNode servers = new tools.jackson.dataformat.yaml.YAMLMapper()
                .readTree(configFile.toFile()).path("mcp").path("servers");
        for (int i = 0; i < servers.size(); i++) {
            tools.jackson.databind.JsonNode e = servers.get(i);
            String name = e.path("name").asString(null);
            if (name == null || (!e.has("command") && !e.has("url"))) {
                throw new IllegalArgumentException(configFile + ": /mcp/servers/" + i
                        + " needs a name and either a command (list) or a url");
            }
            McpClientTransport transport;
            if (e.has("command")) {
                List<String> cmd = new ArrayList<>();
                e.get("command").forEach(c -> cmd.add(c.asString()));
                Map<String, String> env = new LinkedHashMap<>();
                e.path("env").properties().forEach(kv -> env.put(kv.getKey(), kv.getValue().asString()));
                transport = new io.modelcontextprotocol.client.transport.StdioClientTransport(
                        io.modelcontextprotocol.client.transport.ServerParameters.builder(cmd.get(0))
                                .args(cmd.subList(1, cmd.size())).env(env).build(), McpJson.mapper());
            } else {
                java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder();
                if (e.hasNonNull("token")) {
                    request.header("Authorization", "Bearer " + e.get("token").asString());
                }
                transport = io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport
                        .builder(e.get("url").asString()).endpoint(e.path("endpoint").asString("/mcp"))
                        .jsonMapper(McpJson.mapper()).requestBuilder(request).build();
            }
            out.add(connect(name, transport, sla));
        }
        return out;
    }

    /**
     * The server's resources as injected context: every text resource it lists, read when a request is assembled,
     * one block each, with this priority and token cap. A resource that cannot be read is left out (logged).
     */
    public dev.aiops.core.context.ContextProvider resources(int priority, int maxTokens) {
        return query -> {
            List<dev.aiops.core.context.ContextBlock> blocks = new ArrayList<>();
            for (McpSchema.Resource r : client.listResources().resources()) {
                try {
                    StringBuilder text = new StringBuilder();
                    for (McpSchema.ResourceContents c : client.readResource(new McpSchema.ReadResourceRequest(r.uri()))
                            .contents()) {
                        if (c instanceof McpSchema.TextResourceContents t) {
                            text.append(t.text());
                        }
                    }
                    if (text.length() > 0) {
                        blocks.add(new dev.aiops.core.context.ContextBlock("mcp:" + server + "/" + r.uri(),
                                r.title() != null ? r.title() : r.name(), text.toString(), priority, maxTokens));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("MCP server '{}': resource {} not read: {}", server, r.uri(), e.getMessage());
                }
            }
            return blocks;
        };
    }

    /** The agent that provides the imported skills, for the composition graph. */
    public AgentDescriptor descriptor() {
        return descriptor;
    }

    /** Tools that could not be imported, with why. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** Binds a handler per imported skill that calls the tool. */
    public AgentRuntime.Builder bind(AgentRuntime.Builder runtime) {
        for (Map.Entry<String, String> e : toolBySkill.entrySet()) {
            String skill = e.getKey();
            String tool = e.getValue();
            runtime.bind(skill, call -> {
                McpSchema.CallToolResult r;
                try {
                    r = client.callTool(new McpSchema.CallToolRequest(tool, JSON.convertValue(call.input(), MAP)));
                } catch (RuntimeException ex) {
                    throw new SkillException("MCP server '" + server + "' failed on '" + tool + "': "
                            + ex.getMessage(), true, ex);
                }
                String text = r.content() == null ? "" : r.content().stream()
                        .filter(c -> c instanceof McpSchema.TextContent)
                        .map(c -> ((McpSchema.TextContent) c).text()).reduce("", (x, y) -> x + y);
                if (Boolean.TRUE.equals(r.isError())) {
                    throw new SkillException("MCP tool '" + tool + "' of '" + server + "' returned an error: " + text,
                            false);
                }
                if (structured.get(skill)) {
                    return JSON.valueToTree(r.structuredContent());
                }
                return JSON.createObjectNode().put("text", text);
            });
        }
        return runtime;
    }

    /** MCP names allow characters skill names do not: lower case, anything else a dash. */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() || !Character.isLetter(s.charAt(0)) ? "t-" + s : s;
    }

    @Override
    public void close() {
        client.closeGracefully();
    }
}
