package dev.aiops.domain.diagnosis.analyzers;

/** Test access to package-private helpers. */
public final class JobAnalyzerAccess {

    private JobAnalyzerAccess() {
    }

    public static boolean valid(String schedule) {
        return JobAnalyzer.validSchedule(schedule);
    }
}
