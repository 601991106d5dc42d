package dev.aiops.cli;

import dev.aiops.composite.oncall.OnCallAgent;
import dev.aiops.composite.oncall.SessionException;
import dev.aiops.composite.oncall.SessionStore;
import dev.aiops.core.llm.Cancellation;
import dev.aiops.core.llm.UsageLog;
import dev.aiops.infra.k8s.SnapshotException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiops chat}: the on-call agent, interactive on a terminal and one turn per line otherwise. */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Talk to the on-call agent about a cluster. Slash commands (/diagnose, /fix, /help...) work"
                + " with no model; free text is answered by the configured model, or from the diagnosis without one."
                + " Commands run only after review and your approval; every action is audited.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the session ended", "2:usage error, unreadable cluster, config or session file"})
final class ChatCommand implements Callable<Integer> {

    @Mixin
    OnCallOptions options;

    @Option(names = "--resume", paramLabel = "ID", description = "Continue a saved session (see --list).")
    String resume;

    @Option(names = "--list", description = "List the saved sessions and exit.")
    boolean list;

    @Spec
    CommandSpec spec;

    private final SnapshotSources sources;
    private final Map<String, String> env;
    private final ChatIo io;

    ChatCommand(SnapshotSources sources, Map<String, String> env, ChatIo io) {
        this.sources = sources;
        this.env = env;
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (list) {
            return list(out);
        }
        if (io.terminal()) {
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                ChatRepl repl = new ChatRepl(terminal, UsageLog.stateDirectory(env).resolve("chat_history"));
                return session(new PromptingApprover(repl.writer(), repl::ask), repl.writer(), err,
                        repl::run);
            }
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
        PromptingApprover approver = new PromptingApprover(out, prompt -> {
            out.print(prompt);
            out.flush();
            String answer = readLine(in);
            out.println(answer == null ? "" : answer);
            return answer;
        });
        return session(approver, out, err, agent -> plain(agent, in, out));
    }

    private int session(PromptingApprover approver, PrintWriter out, PrintWriter err,
                        Consumer<OnCallAgent> body) {
        try (OnCallSession s = OnCallSession.open(options, sources, env, approver, resume,
                new PrintStream(new WriterOutputStream(out), true, StandardCharsets.UTF_8), true)) {
            body.accept(s.agent);
            return 0;
        } catch (SnapshotException | SessionException | IllegalArgumentException e) {
            err.println("aiops chat: " + e.getMessage());
            return 2;
        }
    }

    /** One turn per line, plain text out, until the input ends or /exit. */
    static void plain(OnCallAgent agent, BufferedReader in, PrintWriter out) {
        ChatRepl.Printing printing = new ChatRepl.Printing(out, false);
        while (!agent.exitRequested()) {
            String line = readLine(in);
            if (line == null) {
                break;
            }
            if (line.isBlank()) {
                continue;
            }
            out.println("> " + line);
            agent.turn(line, printing, Cancellation.create());
            out.flush();
        }
    }

    private int list(PrintWriter out) {
        var sessions = new SessionStore(SessionStore.defaultDirectory(env), Clock.systemUTC()).list();
        if (sessions.isEmpty()) {
            out.println("No saved sessions in " + SessionStore.defaultDirectory(env));
            return 0;
        }
        out.printf("%-22s %-20s %-28s %5s  %s%n", "ID", "CREATED", "CLUSTER", "TURNS", "LAST QUESTION");
        for (SessionStore.Summary s : sessions) {
            out.printf("%-22s %-20s %-28s %5d  %s%n", s.id(), s.created().toString().substring(0, 19), s.cluster(),
                    s.turns(), s.lastQuestion());
        }
        return 0;
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
