package dev.aiops.domain.eval;

import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How one diagnosis report measures up to its scenario's expectations.
 *
 * @param scenario    the scenario's name
 * @param report      the diagnosis that was scored
 * @param outcomes    one per expected finding, in the order expected.json lists them
 * @param falseAlarms findings of medium severity or above on objects listed healthy, or anywhere in a scenario
 *                    expected healthy
 * @param millis      how long reading the snapshot and diagnosing it took
 * @param rubric      the model's grades of the report, or null when no model was asked
 */
public record ScenarioScore(String scenario, DiagnosisReport report, List<Outcome> outcomes,
                            List<FalseAlarm> falseAlarms, long millis, Rubric rubric) {

    public ScenarioScore {
        outcomes = List.copyOf(outcomes);
        falseAlarms = List.copyOf(falseAlarms);
    }

    /**
     * An expected finding and the report's finding that matches it best (null when none has its category on the
     * object or its owner).
     */
    public record Outcome(ExpectedFinding expected, Finding match, boolean namesCause, boolean severityMet) {

        public boolean found() {
            return match != null;
        }

        /** Found, naming one of the keywords, at the expected severity. */
        public boolean met() {
            return found() && namesCause && severityMet;
        }

        /** Why the expectation is not met, in one sentence; null when it is. */
        public String problem() {
            if (match == null) return "missing " + expected + (expected.owner() == null ? ""
                    : " (or its owner " + expected.owner() + ")");
            if (!namesCause) return expected + " names none of " + expected.keywords() + "; its root cause says: "
                    + match.rootCause();
            if (!severityMet) return expected + " is " + match.severity().label() + ", expected "
                    + (expected.severity() == null ? "at least medium" : expected.severity().label());
            return null;
        }
    }

    /**
     * A finding that should not be there.
     *
     * @param finding the finding
     * @param healthy the object expected.json lists healthy that it is about, or null when the scenario as a whole
     *                is expected healthy
     */
    public record FalseAlarm(Finding finding, ObjectRef healthy) {

        @Override
        public String toString() {
            return finding.severity().label() + " " + finding.category() + " on " + finding.object()
                    + (healthy == null ? " in a scenario expected healthy" : ", listed healthy") + ": "
                    + finding.summary();
        }
    }

    /** Scores {@code report} against {@code expected}. */
    public static ScenarioScore of(String scenario, Expectations expected, DiagnosisReport report, long millis) {
        List<Outcome> outcomes = new ArrayList<>();
        for (ExpectedFinding e : expected.findings()) {
            outcomes.add(report.findings().stream().filter(e::matches)
                    .map(f -> new Outcome(e, f, e.namesCause(f), e.severityMet(f)))
                    .min(Comparator.comparing((Outcome o) -> !o.met()).thenComparing(o -> !o.namesCause()))
                    .orElse(new Outcome(e, null, false, false)));
        }
        List<FalseAlarm> alarms = new ArrayList<>();
        for (Finding f : report.findings()) {
            if (!f.severity().atLeast(Severity.MEDIUM)) continue;
            ObjectRef listed = expected.healthy().stream()
                    .filter(h -> h.equals(f.object()) || h.equals(f.owner())).findFirst().orElse(null);
            if (listed != null || expected.expectsHealthy()) alarms.add(new FalseAlarm(f, listed));
        }
        return new ScenarioScore(scenario, report, outcomes, alarms, millis, null);
    }

    ScenarioScore withRubric(Rubric r) {
        return new ScenarioScore(scenario, report, outcomes, falseAlarms, millis, r);
    }

    public int expected() {
        return outcomes.size();
    }

    /** Expected findings reported with their category on the right object or its owner. */
    public int found() {
        return (int) outcomes.stream().filter(Outcome::found).count();
    }

    /** Expected findings reported naming one of their keywords. */
    public int namedCause() {
        return (int) outcomes.stream().filter(o -> o.found() && o.namesCause()).count();
    }

    /** Every expectation met and no false alarm. */
    public boolean passed() {
        return falseAlarms.isEmpty() && outcomes.stream().allMatch(Outcome::met);
    }
}
