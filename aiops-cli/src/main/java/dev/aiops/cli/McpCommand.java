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
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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
            description = {"Serves the cluster-reader and diagnostics skills as MCP tools over stdio or streamable"
                    + " HTTP (the official MCP Java SDK). Only protocol goes to stdout; logs go to stderr. Every call"
                    + " is audited. A message that is not JSON-RPC is refused and the server keeps serving: over"
                    + " HTTP with a JSON-RPC error (-32700 or -32600), over stdio with -32600 when it has an id and"
                    + " otherwise with a line on stderr. stdio ends when standard input closes.",
                "",
                "HTTP clients authenticate with a bearer token: set it in the environment variable AIOPS_MCP_TOKEN"
                    + " (--token shows it to every user of the machine in the process list). Browsers' Origin and"
                    + " the Host header must name this server (loopback, the bind address) or an allowed origin or"
                    + " host. A non-loopback --bind needs a token, or --insecure-no-auth."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the client closed the session",
                "2:usage error, unreadable input, or a non-loopback --bind without a token"})
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
                description = "Require 'Authorization: Bearer TOKEN' on HTTP. Prefer the environment variable"
                        + " AIOPS_MCP_TOKEN: an argument is visible in the process list (default: AIOPS_MCP_TOKEN,"
                        + " else none).")
        String token;

        @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
                description = "A browser origin (scheme://host[:port]) allowed to call the HTTP server besides its own"
                        + " (repeatable).")
        List<String> allowedOrigins = new ArrayList<>();

        @Option(names = "--allowed-host", paramLabel = "HOST",
                description = "A host name the HTTP server answers to besides loopback and the bind address"
                        + " (repeatable); with a token the Host header is checked only when this is given.")
        List<String> allowedHosts = new ArrayList<>();

        @Option(names = "--insecure-no-auth",
                description = "Serve HTTP on a non-loopback --bind without a token (anyone who reaches the port can"
                        + " call the tools).")
        boolean insecureNoAuth;

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
            InputStream in = new CheckedStdin(System.in, System.out, spec.commandLine().getErr(), closed::countDown);
            McpSyncServer server = McpToolServer.start(
                    new StdioServerTransportProvider(dev.aiops.core.mcp.McpJson.mapper(), in, System.out),
                    runtime, version, options);
            closed.await();
            server.closeGracefully();
        }

        private void serveHttp(AgentRuntime runtime, String version, McpToolServer.Options options,
                               McpHttp.Access access) throws Exception {
            HttpServletStreamableServerTransportProvider servlet = HttpServletStreamableServerTransportProvider
                    .builder().jsonMapper(dev.aiops.core.mcp.McpJson.mapper()).mcpEndpoint(McpHttp.ENDPOINT).build();
            McpSyncServer server = McpToolServer.start(servlet, runtime, version, options);
            try (McpHttp http = McpHttp.start(servlet, bind, port, access)) {
                spec.commandLine().getErr().println("aiops mcp serve: listening on http://" + bind + ":" + http.port()
                        + McpHttp.ENDPOINT + (access.requiresToken() ? " (bearer token required)" : ""));
                spec.commandLine().getErr().flush();
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            } finally {
                server.closeGracefully();
            }
        }

        /** Who may call the HTTP server, or null (and a sentence on stderr) when it must not start. */
        private McpHttp.Access httpAccess() {
            PrintWriter err = spec.commandLine().getErr();
            if (token != null) {
                err.println("aiops mcp serve: warning: --token is visible to every user of this machine in the"
                        + " process list; set AIOPS_MCP_TOKEN instead");
            }
            McpHttp.Access access = new McpHttp.Access(token != null ? token : env.get("AIOPS_MCP_TOKEN"),
                    allowedOrigins, allowedHosts);
            if (!access.requiresToken() && !McpHttp.isLoopback(bind)) {
                if (!insecureNoAuth) {
                    err.println("aiops mcp serve: --bind " + bind + " is reachable from other machines; set a token"
                            + " in AIOPS_MCP_TOKEN, or pass --insecure-no-auth to serve without one");
                    return null;
                }
                err.println("aiops mcp serve: warning: serving on " + bind + " without a token (--insecure-no-auth):"
                        + " anyone who reaches the port can call the tools");
            }
            return access;
        }

        @Override
        public Integer call() throws Exception {
            if (!transport.equals("stdio") && !transport.equals("http")) {
                spec.commandLine().getErr().println("aiops mcp serve: --transport takes stdio or http, not '"
                        + transport + "'");
                return 2;
            }
            McpHttp.Access access = null;
            if (transport.equals("http")) {
                access = httpAccess();
                if (access == null) {
                    return 2;
                }
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
                    serveHttp(runtime, version == null ? "dev" : version, options, access);
                } else {
                    serveStdio(runtime, version == null ? "dev" : version, options);
                }
            }
            return 0;
        }
    }
}
