package dev.aiops.cli;

import dev.aiops.composite.oncall.Approver;
import dev.aiops.composite.oncall.ProposedAction;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Approvals from the person at the other end of the session: the command, its class, why, and the diff of what it
 * changes are shown; a mutation needs {@code y}, a destructive command its object's name typed back. Anything else,
 * or the end of input, declines.
 */
final class PromptingApprover implements Approver {

    /** Asks one question and returns the answer, or null at the end of input. */
    @FunctionalInterface
    interface Ask {
        String ask(String prompt);
    }

    private static final List<String> YES = List.of("y", "yes");

    private final PrintWriter out;
    private final Ask ask;

    PromptingApprover(PrintWriter out, Ask ask) {
        this.out = out;
        this.ask = ask;
    }

    private void show(ProposedAction a) {
        out.println();
        out.println(("user".equals(a.requestedBy()) ? "You asked to run a " : "The " + a.requestedBy() + " wants to run a ") + a.commandClass().name().toLowerCase(Locale.ROOT)
                .replace('_', '-') + " command:");
        out.println("  " + TerminalSafe.text(a.command()));
        if (!a.reason().isBlank()) {
            out.println("  reason: " + TerminalSafe.text(a.reason()));
        }
        if (!a.diff().isBlank()) {
            out.print(TerminalSafe.text(a.diff()).indent(2));
        }
        out.flush();
    }

    @Override
    public boolean confirm(ProposedAction action) {
        show(action);
        String answer = ask.ask("Run it? [y/N] ");
        return answer != null && YES.contains(answer.strip().toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean confirmByTyping(ProposedAction action, String expected) {
        show(action);
        out.println("This is destructive" + (action.objects().isEmpty() ? "" : " (" + String.join(", ",
                action.objects()) + ")") + ".");
        out.flush();
        String answer = ask.ask("Type '" + expected + "' to run it, anything else declines: ");
        return answer != null && answer.strip().equals(expected);
    }

}
