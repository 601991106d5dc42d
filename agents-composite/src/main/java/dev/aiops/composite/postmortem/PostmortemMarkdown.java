package dev.aiops.composite.postmortem;

import dev.aiops.core.contract.Durations;
import java.util.List;

/** A post-mortem as Markdown: the sections a blameless post-mortem has, "unknown" where a fact is missing. */
public final class PostmortemMarkdown {

    private PostmortemMarkdown() {
    }

    public static String of(Postmortem p) {
        StringBuilder b = new StringBuilder("# Post-mortem: ").append(p.title()).append("\n\n");
        b.append("Window: ").append(p.start()).append(" to ").append(p.end())
                .append(". Blameless: this document is about systems and processes, not people.\n\n");
        b.append("## Summary\n\n").append(p.summary()).append("\n\n");
        b.append("## Impact\n\n");
        b.append("- Namespaces: ").append(list(p.namespaces())).append('\n');
        b.append("- Affected: ").append(list(p.services())).append('\n');
        b.append("- Started: ").append(or(p.impactStart())).append('\n');
        b.append("- Ended: ").append(p.impactEnd() != null ? p.impactEnd().toString()
                : p.impactStart() != null ? "not within the window" : "unknown").append('\n');
        if (p.impactStart() != null && p.impactEnd() != null) {
            b.append("- Duration: ").append(Durations.text(java.time.Duration.between(p.impactStart(),
                    p.impactEnd()))).append('\n');
        }
        b.append("\n## Detection\n\n").append(p.detection() == null ? "unknown: no alerting signal found"
                : p.detection()).append('\n');
        if (p.timeToDetect() != null) b.append("\nTime to detect: ").append(Durations.text(p.timeToDetect())).append('\n');
        b.append("\n## Trigger\n\n").append(p.trigger() == null ? "unknown: no change found shortly before the first"
                + " error" : p.trigger()).append('\n');
        b.append("\n## Root cause\n\n");
        if (p.rootCauses().isEmpty()) b.append("unknown\n");
        for (Postmortem.Cause c : p.rootCauses()) {
            b.append("- **").append(c.object()).append("** (").append(c.severity()).append(", `").append(c.findingId())
                    .append("`): ").append(c.rootCause()).append('\n');
            for (String e : c.evidence()) b.append("  - ").append(e.replace('\n', ' ')).append('\n');
        }
        b.append("\n## Contributing factors\n\n");
        bullets(b, p.contributing(), "none found");
        b.append("\n## What went well\n\n");
        bullets(b, p.wentWell(), "unknown");
        b.append("\n## What went badly\n\n");
        bullets(b, p.wentBadly(), "unknown");
        b.append("\n## Timeline\n\n");
        if (p.timeline().isEmpty()) b.append("No warning or error in the window.\n");
        for (String l : p.timeline()) b.append("- ").append(l).append('\n');
        b.append("\n## Action items\n\n| priority | action | command | owner |\n|---|---|---|---|\n");
        for (Postmortem.Action a : p.actions()) {
            b.append("| ").append(a.priority()).append(" | ").append(cell(a.what())).append(" | ")
                    .append(a.command() == null ? "" : "`" + cell(a.command()) + "`").append(" |  |\n");
        }
        if (p.analysis() != null) {
            b.append("\n## Analysis (model-written: ").append(p.analysis().model()).append(", prompt ")
                    .append(p.analysis().prompt()).append(")\n\n")
                    .append("> Written by a language model from the facts above; check it against them.\n\n")
                    .append(p.analysis().text().strip()).append('\n');
        }
        return b.toString();
    }

    private static void bullets(StringBuilder b, List<String> items, String none) {
        if (items.isEmpty()) b.append(none).append('\n');
        for (String i : items) b.append("- ").append(i.replace('\n', ' ')).append('\n');
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "unknown" : String.join(", ", items);
    }

    private static String or(Object o) {
        return o == null ? "unknown" : o.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace('\n', ' ');
    }
}
