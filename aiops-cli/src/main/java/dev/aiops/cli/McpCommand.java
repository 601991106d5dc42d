package dev.aiops.cli;

import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.contract.DescriptorSet;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.mcp.AuditLog;
import dev.aiops.core.mcp.McpToolServer;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosticsAgent;
import dev.aiops.infra.k8s.ClusterReaderSkills;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotException;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiops mcp serve}: the bound skills as an MCP server. */
@Command(name = "mcp", mixinStandardHelpOptions = true, description = "Model Context Protocol server.")
final class McpCommand {

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serves the cluster-reader and diagnostics skills as MCP tools over stdio (the official MCP"
                    + " Java SDK). Only protocol goes to stdout; logs go to stderr. Every call is audited.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the client closed the session", "2:usage error or unreadable input"})
    static final class Serve implements Callable<Integer> {

        @ArgGroup(exclusive = true, multiplicity = "1")
        SourceOptions source;

        @Option(names = "--transport", defaultValue = "stdio", paramLabel = "TRANSPORT",
                description = "stdio (the streamable HTTP transport is not available yet). Default: ${DEFAULT-VALUE}.")
        String transport;

        @Option(names = "--allow-destructive",
                description = "Run destructive tools without asking (otherwise they need MCP elicitation).")
        boolean allowDestructive;

        @Option(names = "--audit-log", paramLabel = "PATH",
                description = "Audit log (default $XDG_STATE_HOME/aiops/audit.jsonl or ~/.local/state/aiops/audit.jsonl).")
        Path auditLog;

        @Spec
        CommandSpec spec;

        private final SnapshotSources sources;
        private final Map<String, String> env;

        Serve(SnapshotSources sources, Map<String, String> env) {
            this.sources = sources;
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            if (!transport.equals("stdio")) {
                spec.commandLine().getErr().println("aiops mcp serve: --transport " + transport
                        + " is not available yet; use stdio");
                return 2;
            }
            ClusterSnapshot snapshot;
            try {
                snapshot = source.read(sources, List.of(), null);
            } catch (SnapshotException e) {
                spec.commandLine().getErr().println("aiops mcp serve: " + e.getMessage());
                return 2;
            }
            DescriptorSet descriptors = DescriptorLoader.loadClasspath("skills", McpCommand.class.getClassLoader());
            CompositionGraph graph = CompositionGraph.of(descriptors.descriptors(),
                    ConfiguredServices.detect(env, Set.of("kubernetes-api")));
            AgentRuntime.Builder rb = ClusterReaderSkills.bind(AgentRuntime.builder(graph), () -> snapshot);
            rb.bind(DiagnosticsAgent.SKILL, DiagnosticsAgent.handler((type, name) -> snapshot, Diagnoser.standard()));
            CountDownLatch closed = new CountDownLatch(1);
            InputStream in = new FilterInputStream(System.in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n < 0) {
                        closed.countDown();
                    }
                    return n;
                }

                @Override
                public int read() throws IOException {
                    int n = super.read();
                    if (n < 0) {
                        closed.countDown();
                    }
                    return n;
                }
            };
            try (AgentRuntime runtime = rb.build();
                 AuditLog audit = AuditLog.appendingTo(auditLog != null ? auditLog : AuditLog.defaultFile(env))) {
                String version = AiopsCommand.class.getPackage().getImplementationVersion();
                McpSyncServer server = McpToolServer.start(new StdioServerTransportProvider(
                                dev.aiops.core.mcp.McpJson.mapper(), in, System.out),
                        runtime, version == null ? "dev" : version,
                        new McpToolServer.Options(allowDestructive, audit,
                                dev.aiops.core.prompt.PromptRegistry.fromClasspath(), source.asDiagnosisInput()));
                closed.await();
                server.closeGracefully();
            }
            return 0;
        }
    }
}
