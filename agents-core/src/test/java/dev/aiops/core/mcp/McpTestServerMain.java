package dev.aiops.core.mcp;

import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SideEffect;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.contract.Sla;
import dev.aiops.core.contract.Tier;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.runtime.AgentRuntime;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/** A server with one read-only and one destructive skill, run as a subprocess by {@link McpToolServerTest}. */
public final class McpTestServerMain {

    static final SkillContract STATUS = SkillContract.builder("demo.status.get").description("status of a deployment")
            .input("{\"type\":\"object\",\"required\":[\"name\"],\"additionalProperties\":false,"
                    + "\"properties\":{\"name\":{\"type\":\"string\",\"minLength\":1}}}")
            .output("{\"type\":\"object\",\"required\":[\"ready\"],\"properties\":{\"ready\":{\"type\":\"integer\"}}}")
            .sla(new Sla(Duration.ofSeconds(2), Duration.ofSeconds(1), 99.0)).build();
    static final SkillContract RESTART = SkillContract.builder("demo.deploy.restart").description("restart a deployment")
            .input("{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"}}}")
            .output("{\"type\":\"object\",\"required\":[\"restarted\"],\"properties\":{\"restarted\":{\"type\":\"string\"}}}")
            .sideEffect(SideEffect.DESTRUCTIVE).idempotent(false)
            .sla(new Sla(Duration.ofSeconds(2), Duration.ofSeconds(1), 99.0)).build();

    private McpTestServerMain() {
    }

    public static void main(String[] args) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        CompositionGraph graph = CompositionGraph.of(List.of(
                AgentDescriptor.builder("demo-reader").tier(Tier.INFRASTRUCTURE).skill(STATUS).build(),
                AgentDescriptor.builder("demo-deployer").tier(Tier.INFRASTRUCTURE).skill(RESTART).build()), Set.of());
        AgentRuntime runtime = AgentRuntime.builder(graph)
                .bind(STATUS.name(), c -> json.createObjectNode().put("ready", 3))
                .bind(RESTART.name(), c -> json.createObjectNode().put("restarted", c.input().get("name").asString()))
                .build();
        AuditLog audit = AuditLog.appendingTo(Path.of(args[0]));
        McpToolServer.start(new StdioServerTransportProvider(McpJson.mapper()), runtime, "test",
                new McpToolServer.Options(args.length > 1 && args[1].equals("--allow-destructive"), audit));
        Thread.currentThread().join();
    }
}
