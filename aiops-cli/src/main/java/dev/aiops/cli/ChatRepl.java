package dev.aiops.cli;

import dev.aiops.composite.oncall.OnCallAgent;
import dev.aiops.composite.oncall.Turn;
import dev.aiops.composite.oncall.TurnListener;
import dev.aiops.core.llm.Cancellation;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The interactive chat: a JLine line reader with history (kept in the state directory) and multi-line input (end
 * a line with a backslash to continue it); answers are printed as they stream; Ctrl-C cancels the answer being
 * written (its HTTP stream is closed) and never the session; Ctrl-D or /exit ends it.
 */
final class ChatRepl {

    static final String PROMPT = "aiops> ";

    private final Terminal terminal;
    private final LineReader reader;

    ChatRepl(Terminal terminal, Path history) {
        this.terminal = terminal;
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(false);
        parser.setEofOnEscapedNewLine(true);
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).parser(parser)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        if (history != null) {
            b.variable(LineReader.HISTORY_FILE, history);
        }
        this.reader = b.build();
    }

    /** Asks the person a question through the same reader (for approvals); null at end of input. */
    String ask(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    PrintWriter writer() {
        return terminal.writer();
    }

    void run(OnCallAgent agent) {
        PrintWriter out = terminal.writer();
        out.println("aiops chat on " + agent.sessionId() + (agent.conversational() ? "" : " (no model: free text is"
                + " answered from the diagnosis)") + ". /help lists the commands; Ctrl-C cancels an answer, Ctrl-D"
                + " or /exit ends.");
        out.flush();
        while (!agent.exitRequested()) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            String input = line.replace("\\\n", "\n");
            if (input.isBlank()) {
                continue;
            }
            Cancellation cancel = Cancellation.create();
            Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> cancel.cancel());
            try {
                Turn t = agent.turn(input, new Printing(out, true), cancel);
                if (t.cancelled()) {
                    out.println("(answer cancelled; the session goes on)");
                }
            } finally {
                terminal.handle(Terminal.Signal.INT, previous);
            }
            out.flush();
        }
        out.println("Session " + agent.sessionId() + " saved.");
        out.flush();
    }

    /** Prints a turn as it arrives: text at once, tool calls as one dim line each. */
    static final class Printing implements TurnListener {

        private final PrintWriter out;
        private final boolean styled;

        Printing(PrintWriter out, boolean styled) {
            this.out = out;
            this.styled = styled;
        }

        @Override
        public void text(String raw) {
            String text = TerminalSafe.text(raw);
            out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
            out.flush();
        }

        @Override
        public void toolCall(String tool, String arguments, String status) {
            String line = TerminalSafe.text("  [tool] " + tool + " " + arguments + " -> " + status);
            out.println(styled ? "\u001b[2m" + line + "\u001b[0m" : line);
            out.flush();
        }
    }
}
