package dev.aiops.cli;

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
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import java.nio.file.Path;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The cluster-reader and diagnostics skills of a snapshot, served over streamable HTTP by {@link McpHttp} in this
 * JVM on a free loopback port, for tests that call it with the SDK's client or plain HTTP requests.
 */
final class McpTestServer implements AutoCloseable {

    private final AgentRuntime runtime;
    private final AuditLog audit;
    private final McpSyncServer server;
    private final McpHttp http;

    private McpTestServer(AgentRuntime runtime, AuditLog audit, McpSyncServer server, McpHttp http) {
        this.runtime = runtime;
        this.audit = audit;
        this.server = server;
        this.http = http;
    }

    /** Serves {@code dump} behind {@code access}; {@code diagnosisInput} as in {@link McpToolServer.Options}. */
    static McpTestServer start(Path dump, Path auditLog, McpHttp.Access access, JsonNode diagnosisInput)
            throws Exception {
        ClusterSnapshot snapshot = SnapshotReader.read(dump);
        CompositionGraph graph = CompositionGraph.of(
                DescriptorLoader.loadClasspath("skills", McpTestServer.class.getClassLoader()).descriptors(),
                Set.of("kubernetes-api"));
        AgentRuntime.Builder rb = ClusterReaderSkills.bind(AgentRuntime.builder(graph), () -> snapshot);
        rb.bind(DiagnosticsAgent.SKILL, DiagnosticsAgent.handler((t, n) -> snapshot, Diagnoser.standard()));
        HttpServletStreamableServerTransportProvider servlet = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJson.mapper()).mcpEndpoint(McpHttp.ENDPOINT).build();
        AgentRuntime runtime = rb.build();
        AuditLog audit = AuditLog.appendingTo(auditLog);
        McpSyncServer server = McpToolServer.start(servlet, runtime, "test",
                new McpToolServer.Options(false, audit, PromptRegistry.fromClasspath(), diagnosisInput));
        return new McpTestServer(runtime, audit, server, McpHttp.start(servlet, "127.0.0.1", 0, access));
    }

    int port() {
        return http.port();
    }

    /** {@code http://127.0.0.1:PORT}, without the endpoint. */
    String base() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() throws Exception {
        try (AgentRuntime r = runtime; AuditLog a = audit; McpHttp h = http) {
            server.closeGracefully();
        }
    }
}
