package dev.aiops.domain.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders a report for people: plain text (optionally coloured) or Markdown, grouped by namespace and severity. */
public final class ReportText {

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";

    private ReportText() {
    }

    public static String text(DiagnosisReport r, boolean color) {
        StringBuilder sb = new StringBuilder();
        sb.append(headline(r)).append('\n');
        for (Map.Entry<String, List<Finding>> ns : byNamespace(r).entrySet()) {
            sb.append('\n').append(bold(ns.getKey(), color)).append('\n');
            for (Finding f : ns.getValue()) {
                sb.append("  ").append(severity(f.severity(), color)).append(' ').append(f.category()).append("  ")
                        .append(f.subject().kind()).append(' ').append(f.subject().name()).append('\n');
                sb.append("    ").append(f.summary()).append('\n');
                sb.append("    root cause: ").append(f.rootCause()).append('\n');
                for (Evidence e : f.evidence()) {
                    sb.append(dim("    [" + e.source() + "] " + e.text(), color)).append('\n');
                }
                for (Remediation m : f.remediation()) {
                    sb.append("    fix: ").append(m.description());
                    if (m.command() != null) {
                        sb.append("\n      $ ").append(m.command()).append(m.destructive() ? "   # destructive" : "");
                    }
                    sb.append('\n');
                }
                if (f.explanation() != null) sb.append("    explanation: ").append(f.explanation()).append('\n');
            }
        }
        warnings(r, sb, "warning: ");
        return sb.toString();
    }

    public static String markdown(DiagnosisReport r) {
        StringBuilder sb = new StringBuilder("# Diagnosis\n\n").append(headline(r)).append("\n");
        for (Map.Entry<String, List<Finding>> ns : byNamespace(r).entrySet()) {
            sb.append("\n## ").append(ns.getKey()).append("\n");
            for (Finding f : ns.getValue()) {
                sb.append("\n### ").append(f.severity().label().toUpperCase()).append(" · ").append(f.category())
                        .append(" · ").append(f.subject().kind()).append(' ').append(f.subject().name()).append("\n\n");
                sb.append(f.summary()).append("\n\n**Root cause:** ").append(f.rootCause()).append("\n\n");
                sb.append("Evidence:\n");
                for (Evidence e : f.evidence()) sb.append("- `").append(e.source()).append("` ").append(e.text()).append('\n');
                if (!f.remediation().isEmpty()) {
                    sb.append("\nRemediation:\n");
                    for (Remediation m : f.remediation()) {
                        sb.append("- ").append(m.description()).append(m.destructive() ? " (destructive)" : "").append('\n');
                        if (m.command() != null) sb.append("  ```\n  ").append(m.command()).append("\n  ```\n");
                    }
                }
            }
        }
        if (!r.warnings().isEmpty()) {
            sb.append("\n## Input warnings\n\n");
            r.warnings().forEach(w -> sb.append("- ").append(w).append('\n'));
        }
        return sb.toString();
    }

    private static String headline(DiagnosisReport r) {
        List<String> counts = new ArrayList<>();
        r.bySeverity().forEach((s, n) -> counts.add(n + " " + s.label()));
        return r.findings().size() + " finding" + (r.findings().size() == 1 ? "" : "s")
                + (counts.isEmpty() ? "" : " (" + String.join(", ", counts) + ")") + " in " + r.objectsScanned()
                + " objects from " + r.sourceType() + (r.sourceName() == null ? "" : " " + r.sourceName())
                + " in " + r.durationMs() + " ms";
    }

    private static Map<String, List<Finding>> byNamespace(DiagnosisReport r) {
        Map<String, List<Finding>> out = new TreeMap<>();
        for (Finding f : r.findings()) {
            String ns = f.object().namespace() == null ? "(cluster)" : f.object().namespace();
            out.computeIfAbsent(ns, k -> new ArrayList<>()).add(f);
        }
        return out;
    }

    private static void warnings(DiagnosisReport r, StringBuilder sb, String prefix) {
        if (r.warnings().isEmpty()) return;
        sb.append('\n');
        r.warnings().forEach(w -> sb.append(prefix).append(w).append('\n'));
    }

    private static String severity(Severity s, boolean color) {
        String label = String.format("%-8s", s.label().toUpperCase());
        if (!color) return label;
        String c = switch (s) {
            case CRITICAL -> "\u001b[1;31m";
            case HIGH -> "\u001b[31m";
            case MEDIUM -> "\u001b[33m";
            case LOW -> "\u001b[36m";
            case INFO -> "\u001b[2m";
        };
        return c + label + RESET;
    }

    private static String bold(String s, boolean color) {
        return color ? BOLD + s + RESET : s;
    }

    private static String dim(String s, boolean color) {
        return color ? DIM + s + RESET : s;
    }
}
