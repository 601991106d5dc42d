package dev.aiops.domain.runbook;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A spec's runbook as Markdown and as JSON, every command with its reviewed class. */
public final class SpecRunbookText {

    private SpecRunbookText() {
    }

    public static String markdown(SpecRunbook rb) {
        StringBuilder b = new StringBuilder("# Runbook: ").append(rb.service()).append(" in ").append(rb.environment())
                .append("\n\nNamespace `").append(rb.namespace()).append("`. Generated from the deployment spec; every"
                        + " command is classified as the on-call agent reviews it, and anything not read-only needs"
                        + " approval.\n");
        for (SpecRunbook.Procedure p : rb.procedures()) {
            b.append("\n## ").append(p.name()).append("\n\n").append(p.purpose()).append(".\n\n");
            steps(b, p.steps());
            if (!p.rollback().isEmpty()) {
                b.append("\n### Rollback: ").append(p.name()).append("\n\n");
                steps(b, p.rollback());
            }
        }
        return b.toString();
    }

    private static void steps(StringBuilder b, java.util.List<Runbook.Step> steps) {
        int n = 1;
        for (Runbook.Step s : steps) {
            b.append(n++).append(". ").append(s.description().replace('\n', ' '));
            if (s.command() == null) {
                b.append('\n');
                continue;
            }
            b.append(" — **").append(RunbookMarkdown.classOf(s.command())).append("**\n   ```bash\n   ")
                    .append(s.command()).append("\n   ```\n");
        }
    }

    public static ObjectNode json(SpecRunbook rb) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("service", rb.service())
                .put("environment", rb.environment()).put("namespace", rb.namespace());
        ArrayNode ps = o.putArray("procedures");
        for (SpecRunbook.Procedure p : rb.procedures()) {
            ObjectNode po = ps.addObject().put("name", p.name()).put("purpose", p.purpose());
            steps(po.putArray("steps"), p.steps());
            steps(po.putArray("rollback"), p.rollback());
        }
        return o;
    }

    private static void steps(ArrayNode out, java.util.List<Runbook.Step> steps) {
        for (Runbook.Step s : steps) {
            ObjectNode n = out.addObject().put("description", s.description());
            if (s.command() != null) {
                n.put("command", s.command());
                n.put("class", RunbookMarkdown.classOf(s.command()).replace(", needs approval", ""));
            }
        }
    }
}
