package dev.aiops.domain.spec;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Severity;

/**
 * One thing the diagnosis finds wrong with the objects a spec renders in one environment.
 *
 * @param environment the environment rendered
 * @param object      the rendered object the finding is about
 * @param category    the finding's category ({@code PolicyViolation}, {@code HPAMisconfigured}, ...)
 * @param severity    the finding's severity
 * @param message     one cause, for a person
 */
public record SpecViolation(String environment, ObjectRef object, Category category, Severity severity,
                            String message) {

    /** {@code [production] Deployment shop/checkout: message (PolicyViolation, low)}. */
    @Override
    public String toString() {
        return "[" + environment + "] " + object + ": " + message + " (" + category + ", " + severity.label() + ")";
    }
}
