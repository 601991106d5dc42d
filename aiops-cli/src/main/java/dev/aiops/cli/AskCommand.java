package dev.aiops.cli;

import dev.aiops.composite.oncall.SessionException;
import dev.aiops.composite.oncall.Turn;
import dev.aiops.composite.oncall.TurnListener;
import dev.aiops.core.llm.Cancellation;
import dev.aiops.infra.k8s.SnapshotException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code aiops ask "QUESTION"}: one turn of the on-call agent, for scripts and quick questions. */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = "Ask the on-call agent one question (or give one slash command) and print the answer. With a"
                + " model the answer streams; without one it comes from the diagnosis. Approvals are read from"
                + " standard input; at its end everything that needs approval is declined.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:answered", "2:usage error, unreadable cluster or config"})
final class AskCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Mixin
    OnCallOptions options;

    @Parameters(arity = "1..*", paramLabel = "QUESTION", description = "The question (quote it).")
    List<String> question;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text (streamed) or json. Default: ${DEFAULT-VALUE}.")
    String output;

    @Spec
    CommandSpec spec;

    private final SnapshotSources sources;
    private final Map<String, String> env;
    private final ChatIo io;

    AskCommand(SnapshotSources sources, Map<String, String> env, ChatIo io) {
        this.sources = sources;
        this.env = env;
        this.io = io;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String format = output.toLowerCase(Locale.ROOT);
        if (!List.of("text", "json").contains(format)) {
            err.println("aiops ask: --output takes text or json, not '" + output + "'");
            return 2;
        }
        boolean json = format.equals("json");
        // with JSON on stdout, the conversation with the person (approvals) goes to stderr
        PrintWriter talk = json ? err : out;
        BufferedReader in = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
        PromptingApprover approver = new PromptingApprover(talk, prompt -> {
            talk.print(prompt);
            talk.flush();
            try {
                return in.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try (OnCallSession s = OnCallSession.open(options, sources, env, approver, null,
                new PrintStream(new WriterOutputStream(talk), true, StandardCharsets.UTF_8), !json)) {
            TurnListener listener = json ? TurnListener.NONE : new ChatRepl.Printing(out, false);
            Turn t = s.agent.turn(String.join(" ", question), listener, Cancellation.create());
            if (json) {
                ObjectNode o = JSON.createObjectNode().put("question", t.input())
                        .put("mode", t.kind().name().toLowerCase(Locale.ROOT)).put("answer", t.answer())
                        .put("session", s.agent.sessionId());
                t.findings().forEach(o.putArray("findings")::add);
                t.ungrounded().forEach(o.putArray("ungroundedNames")::add);
                t.tools().forEach(o.putArray("toolCalls")::add);
                o.putObject("usage").put("inputTokens", t.usage().inputTokens())
                        .put("outputTokens", t.usage().outputTokens()).put("costUsd", t.usage().costUsd());
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            }
            out.flush();
            return 0;
        } catch (SnapshotException | SessionException | IllegalArgumentException e) {
            err.println("aiops ask: " + e.getMessage());
            return 2;
        }
    }
}
