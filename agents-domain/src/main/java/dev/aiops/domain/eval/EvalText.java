package dev.aiops.domain.eval;

import java.util.Locale;
import java.util.OptionalDouble;

/** The plain-text evaluation report. */
final class EvalText {

    private EvalText() {
    }

    static String render(EvalRun run) {
        int width = Math.max("Scenario".length(), run.scenarios().stream().mapToInt(s -> s.scenario().length())
                .max().orElse(0));
        String row = "%-" + width + "s  %-6s %-6s %-13s %s%n";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, row, "Scenario", "Found", "Cause",
                "False alarms", "Time"));
        for (ScenarioScore s : run.scenarios()) {
            out.append(String.format(Locale.ROOT, row, s.scenario(), s.found() + "/" + s.expected(),
                    s.namedCause() + "/" + s.expected(), s.falseAlarms().size(), s.millis() + " ms"));
            for (ScenarioScore.Outcome o : s.outcomes()) {
                if (!o.met()) out.append("  - ").append(o.problem()).append('\n');
            }
            for (ScenarioScore.FalseAlarm a : s.falseAlarms()) out.append("  - false alarm: ").append(a).append('\n');
            if (s.rubric() != null) out.append("  ").append(rubric(s.rubric())).append('\n');
        }
        out.append('\n').append(run.scenarios().size()).append(run.scenarios().size() == 1 ? " scenario" : " scenarios")
                .append(": recall ").append(run.found()).append('/').append(run.expected())
                .append(percent(run.recall())).append(", specific cause ").append(run.namedCause()).append('/')
                .append(run.expected()).append(percent(run.causeShare())).append(", ").append(run.falseAlarms())
                .append(run.falseAlarms() == 1 ? " false alarm, " : " false alarms, ").append(run.millis())
                .append(" ms\n");
        if (!run.rubrics().isEmpty()) {
            Rubric first = run.rubrics().get(0);
            long graded = run.rubrics().stream().filter(Rubric::graded).count();
            out.append("Rubric (").append(first.prompt()).append("), mean of ").append(graded).append(" graded: root cause ")
                    .append(mean(run.rubricMean(Rubric::rootCause))).append(", evidence ")
                    .append(mean(run.rubricMean(Rubric::evidence))).append(", remediation ")
                    .append(mean(run.rubricMean(Rubric::remediation))).append("; ").append(usage(run.rubricUsage()))
                    .append('\n');
        }
        out.append(run.passed() ? "All expectations met.\n" : "Some expectations are not met.\n");
        return out.toString();
    }

    private static String rubric(Rubric r) {
        if (!r.graded()) return "rubric failed: " + r.error() + (r.usage().totalTokens() > 0 ? " (" + usage(r.usage())
                + ")" : "");
        return "rubric: root cause " + r.rootCause().score() + "/5, evidence " + r.evidence().score()
                + "/5, remediation " + r.remediation().score() + "/5 (" + usage(r.usage()) + ")";
    }

    static String usage(dev.aiops.core.llm.Usage u) {
        return String.format(Locale.ROOT, "%,d tokens in, %,d out%s, $%.4f", u.inputTokens(), u.outputTokens(),
                u.estimated() ? " (estimated)" : "", u.costUsd());
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, " (%.0f%%)", share * 100);
    }

    private static String mean(OptionalDouble d) {
        return d.isPresent() ? String.format(Locale.ROOT, "%.1f/5", d.getAsDouble()) : "-";
    }
}
