package dev.aiops.cli;

import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code aiops} command. */
@Command(name = "aiops", mixinStandardHelpOptions = true, versionProvider = AiopsCommand.Version.class,
        description = "Multi-agent AIOps for Kubernetes: specific root causes, verified agent compositions.",
        subcommands = {AgentsCommand.class, PromptsCommand.class, SpecCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:findings or violations", "2:usage error or unreadable input"})
public final class AiopsCommand {

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT", scope = CommandLine.ScopeType.INHERIT,
            description = "Log format on stderr: text or json (one JSON object per line). Default: ${DEFAULT-VALUE}.")
    String logFormat;

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "More log output (-v info, -vv debug).")
    boolean[] verbose;

    /** Builds the command line with its subcommands wired to {@code env} (tests pass their own). */
    static CommandLine commandLine(Map<String, String> env) {
        return commandLine(env, ChatIo.system());
    }

    /** As {@link #commandLine(Map)}, with chat and ask reading from {@code io}. */
    static CommandLine commandLine(Map<String, String> env, ChatIo io) {
        CommandLine cl = new CommandLine(new AiopsCommand());
        SnapshotSources sources = new SnapshotSources(env, io.in());
        cl.addSubcommand("diagnose", new DiagnoseCommand(sources, env));
        cl.addSubcommand("timeline", new TimelineCommand(sources, java.time.Clock.systemUTC()));
        cl.addSubcommand("snapshot", new SnapshotCommand(sources));
        cl.addSubcommand("eval", new EvalCommand(sources, env));
        cl.addSubcommand("chat", new ChatCommand(sources, env, io));
        cl.addSubcommand("ask", new AskCommand(sources, env, io));
        cl.addSubcommand("usage", new UsageCommand(env, java.time.Clock.systemUTC()));
        CommandLine mcp = new CommandLine(new McpCommand());
        mcp.addSubcommand("serve", new McpCommand.Serve(sources, env));
        cl.addSubcommand("mcp", mcp);
        cl.addSubcommand("postmortem", new PostmortemCommand(sources, env));
        CommandLine runbook = new CommandLine(new RunbookCommand());
        runbook.addSubcommand("generate", new RunbookCommand.Generate(sources));
        cl.addSubcommand("runbook", runbook);
        CommandLine scale = new CommandLine(ScaleCommand.create());
        ScaleCommand.subcommands(sources, java.time.Clock.systemUTC()).forEach(scale::addSubcommand);
        cl.addSubcommand("scale", scale);
        CommandLine audit = new CommandLine(new AuditCommand());
        audit.addSubcommand("verify", new AuditCommand.Verify(env));
        cl.addSubcommand("audit", audit);
        // every command's output, whatever cluster or model text it holds, reaches the terminal through TerminalSafe
        cl.setExecutionStrategy(parseResult -> {
            cl.setOut(TerminalSafe.writer(cl.getOut(), Terminal.colors()));
            cl.setErr(TerminalSafe.writer(cl.getErr(), false));
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.getSubcommands().get("agents").getSubcommands().values()
                .forEach(sub -> {
                    if (sub.getCommand() instanceof AgentsCommand.EnvAware aware) aware.environment(env);
                });
        return cl;
    }

    public static void main(String[] args) {
        Logging.configure(args);
        MDC.put("correlationId", UUID.randomUUID().toString());
        MDC.put("agent", "aiops-cli");
        MDC.put("skill", Logging.skillOf(args));
        CommandLine cl = commandLine(System.getenv());
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }

    /** The version from the jar manifest, or {@code dev} when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AiopsCommand.class.getPackage().getImplementationVersion();
            return new String[] {"aiops " + (v == null ? "dev" : v)};
        }
    }
}
