package dev.aiops.domain.spec;

import dev.aiops.domain.diagnosis.Severity;
import java.util.List;

/**
 * The outcome of validating one spec file: the problems of the file itself, then the violations found in the
 * objects it renders (none when the file has problems, since nothing can be rendered then).
 *
 * @param source     the file
 * @param problems   unreadable file, schema errors, contradictions
 * @param violations what the diagnosis finds in the rendered objects, environment by environment
 */
public record SpecValidation(String source, List<SpecProblem> problems, List<SpecViolation> violations) {

    public SpecValidation {
        problems = List.copyOf(problems);
        violations = List.copyOf(violations);
    }

    /** False when the file could not be read or is not YAML. */
    public boolean readable() {
        return problems.stream().noneMatch(p -> p.kind() == SpecProblem.Kind.UNREADABLE);
    }

    /** True when there is a problem, or a violation at least as severe as {@code threshold} (null: none counts). */
    public boolean failsAt(Severity threshold) {
        return !problems.isEmpty() || threshold != null && violations.stream().anyMatch(v -> v.severity().atLeast(threshold));
    }
}
