package dev.aiops.domain.diagnosis;

/**
 * The one place a finding's severity is decided: from the kind of problem and the symptom the evidence shows now
 * (ADR 0016). A misconfiguration with no present symptom is {@code low} or {@code info}; it rises to
 * {@code medium} or {@code high} only when evidence ties it to a symptom; {@code critical} is kept for failures
 * that leave nothing of a workload serving.
 */
public final class SeverityRules {

    /** What kind of problem a finding reports. */
    public enum Problem {
        /** Something fails now on the object itself: containers, pods, nodes, Services with no ready endpoint. */
        FAILURE,
        /** A spec or reference error, or a limit it runs into (quota, admission): at most high. */
        MISCONFIGURATION,
        /** The object suffers from a problem reported elsewhere (its pods, a dependency, its permissions). */
        CONSEQUENCE,
        /** A departure from good practice (requests, limits, probes, rollout settings). */
        HYGIENE,
        /** A state worth knowing that is normal for now (a claim waiting for its first consumer). */
        NOTICE
    }

    /** What the evidence shows now, least to most. */
    public enum Symptom {
        /** Healthy in every observable way: only the spec says something could go wrong. */
        NONE,
        /** It went wrong and has been repaired, replaced or superseded since. */
        RECOVERED,
        /**
         * The object cannot do part of its job and says so (Warning events, a False condition, restarts, errors it
         * logs), or its spec makes its job impossible, while everything it serves is still available.
         */
        WARNING,
        /** Part of what it serves is unavailable: some replicas not ready or not created, a run failed. */
        DEGRADED,
        /** Nothing of it serves: no ready endpoint, no replica available, the node NotReady, a route to nowhere. */
        DOWN
    }

    private static final Severity[][] TABLE = {
            // NONE, RECOVERED, WARNING, DEGRADED, DOWN
            {Severity.LOW, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL}, // FAILURE
            {Severity.LOW, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.HIGH}, // MISCONFIGURATION
            {Severity.LOW, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.HIGH}, // CONSEQUENCE
            {Severity.INFO, Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.MEDIUM}, // HYGIENE
            {Severity.INFO, Severity.INFO, Severity.INFO, Severity.INFO, Severity.INFO}, // NOTICE
    };

    private SeverityRules() {
    }

    /** The severity of a problem of this kind with this symptom. */
    public static Severity severity(Problem problem, Symptom symptom) {
        return TABLE[problem.ordinal()][symptom.ordinal()];
    }

    /** The symptom of a workload that wants {@code desired} replicas and has {@code ready} of them ready. */
    public static Symptom ofReplicas(int ready, int desired) {
        if (desired <= 0 || ready >= desired) return Symptom.NONE;
        return ready == 0 ? Symptom.DOWN : Symptom.DEGRADED;
    }

    /** The worse of two symptoms. */
    public static Symptom worst(Symptom a, Symptom b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
