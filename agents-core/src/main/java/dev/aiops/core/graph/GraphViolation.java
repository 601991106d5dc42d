package dev.aiops.core.graph;

import java.util.List;

/**
 * One rule of the composition graph that a set of agents breaks.
 *
 * @param rule     which rule
 * @param agent    the agent the violation is reported on
 * @param path     the agents involved, in call order (a cycle repeats its first agent at the end)
 * @param message  one line for a person
 */
public record GraphViolation(Rule rule, String agent, List<String> path, String message) {

    /** The rules a composition must satisfy. */
    public enum Rule {
        CYCLE(Severity.ERROR),
        DEPTH_EXCEEDED(Severity.ERROR),
        UPWARD_CALL(Severity.ERROR),
        UNKNOWN_SKILL(Severity.ERROR),
        VERSION_MISMATCH(Severity.ERROR),
        DUPLICATE_PROVIDER(Severity.ERROR),
        DUPLICATE_AGENT(Severity.ERROR),
        SERVICE_NOT_CONFIGURED(Severity.WARNING);

        private final Severity severity;

        Rule(Severity severity) {
            this.severity = severity;
        }

        public Severity severity() {
            return severity;
        }
    }

    /** Errors make a graph unusable; warnings are reported and the graph still runs. */
    public enum Severity { ERROR, WARNING }

    public GraphViolation {
        path = List.copyOf(path);
    }

    public Severity severity() {
        return rule.severity();
    }

    @Override
    public String toString() {
        return severity().name().toLowerCase() + " " + rule.name() + " " + agent + ": " + message;
    }
}
