package dev.aiops.cli;

import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.contract.DescriptorSet;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.mcp.McpToolServer;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosticsAgent;
import dev.aiops.infra.k8s.ClusterReaderSkills;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotException;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
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
                description = "stdio or http (streamable HTTP at /mcp). Default: ${DEFAULT-VALUE}.")
        String transport;

        @Option(names = "--port", defaultValue = "8765", paramLabel = "N",
                description = "HTTP port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
        int port;

        @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
                description = "HTTP address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
        String bind;

        @Option(names = "--token", paramLabel = "TOKEN",
                description = "Require 'Authorization: Bearer TOKEN' on HTTP (default: env AIOPS_MCP_TOKEN, else none).")
        String token;

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

        private void serveStdio(AgentRuntime runtime, String version, McpToolServer.Options options)
                throws InterruptedException {
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
            McpSyncServer server = McpToolServer.start(
                    new StdioServerTransportProvider(dev.aiops.core.mcp.McpJson.mapper(), in, System.out),
                    runtime, version, options);
            closed.await();
            server.closeGracefully();
        }

        private void serveHttp(AgentRuntime runtime, String version, McpToolServer.Options options)
                throws Exception {
            HttpServletStreamableServerTransportProvider servlet = HttpServletStreamableServerTransportProvider
                    .builder().jsonMapper(dev.aiops.core.mcp.McpJson.mapper()).mcpEndpoint(McpHttp.ENDPOINT).build();
            McpSyncServer server = McpToolServer.start(servlet, runtime, version, options);
            String bearer = token != null ? token : env.get("AIOPS_MCP_TOKEN");
            try (McpHttp http = McpHttp.start(servlet, bind, port, bearer)) {
                spec.commandLine().getErr().println("aiops mcp serve: listening on http://" + bind + ":" + http.port()
                        + McpHttp.ENDPOINT + (bearer == null || bearer.isBlank() ? "" : " (bearer token required)"));
                spec.commandLine().getErr().flush();
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            } finally {
                server.closeGracefully();
            }
        }

        @Override
        public Integer call() throws Exception {
            if (!transport.equals("stdio") && !transport.equals("http")) {
                spec.commandLine().getErr().println("aiops mcp serve: --transport takes stdio or http, not '"
                        + transport + "'");
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
            rb.bind(dev.aiops.domain.runbook.RunbooksAgent.SKILL,
                    dev.aiops.domain.runbook.RunbooksAgent.handler((type, name) -> snapshot, Diagnoser.standard()));
            try (AgentRuntime runtime = rb.build();
                 AuditLog audit = AuditLog.appendingTo(auditLog != null ? auditLog : AuditLog.defaultFile(env))) {
                String version = AiopsCommand.class.getPackage().getImplementationVersion();
                McpToolServer.Options options = new McpToolServer.Options(allowDestructive, audit,
                        dev.aiops.core.prompt.PromptRegistry.fromClasspath(), source.asDiagnosisInput());
                if (transport.equals("http")) {
                    serveHttp(runtime, version == null ? "dev" : version, options);
                } else {
                    serveStdio(runtime, version == null ? "dev" : version, options);
                }
            }
            return 0;
        }
    }
}
