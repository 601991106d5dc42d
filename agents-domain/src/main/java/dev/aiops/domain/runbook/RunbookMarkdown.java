package dev.aiops.domain.runbook;

import dev.aiops.infra.command.CommandReview;
import dev.aiops.infra.command.KubectlCommand;
import java.util.List;
import java.util.Locale;

/**
 * A runbook for people: each procedure step with its command and, beside it, the command's class as the on-call
 * agent's reviewed-command code sees it (read-only, mutating, destructive, unknown), then the rollback plan.
 */
public final class RunbookMarkdown {

    private static final java.util.regex.Pattern SAVED =
            java.util.regex.Pattern.compile("(kubectl [^|;&<>`$]*?)\\s+>\\s+([A-Za-z0-9._/-]+)");

    private RunbookMarkdown() {
    }

    public static String of(Runbook rb) {
        StringBuilder b = new StringBuilder("# ").append(rb.title()).append("\n\n");
        if (rb.findingId() != null) b.append("Finding: `").append(rb.findingId()).append("`\n\n");
        b.append("## Procedure\n\n");
        steps(b, rb.steps());
        b.append("\n## Rollback\n\n");
        if (rb.rollback().isEmpty()) b.append("Nothing to roll back: the procedure changes nothing.\n");
        steps(b, rb.rollback());
        return b.toString();
    }

    /** The reviewed class of a kubectl command; our own read-only commands are read-only too. */
    static String classOf(String command) {
        if (command.matches("aiops (diagnose|timeline|scale advise|spec validate|spec render)( .*)?")) {
            return "read-only";
        }
        // a read saved to a local file: the kubectl part is what touches the cluster
        java.util.regex.Matcher saved = SAVED.matcher(command);
        if (saved.matches()) {
            KubectlCommand c = CommandReview.review(saved.group(1));
            if (c.commandClass().readOnly()) return "read-only, writes " + saved.group(2) + " locally";
        }
        KubectlCommand c = CommandReview.review(command);
        String name = c.commandClass().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return c.commandClass().readOnly() ? name : name + ", needs approval";
    }

    private static void steps(StringBuilder b, List<Runbook.Step> steps) {
        int n = 1;
        for (Runbook.Step s : steps) {
            b.append(n++).append(". ").append(s.description().replace("\n", " "));
            if (s.command() == null) {
                b.append('\n');
                continue;
            }
            b.append(" — **").append(classOf(s.command())).append("**\n");
            b.append("   ```bash\n   ").append(s.command()).append("\n   ```\n");
        }
    }
}
