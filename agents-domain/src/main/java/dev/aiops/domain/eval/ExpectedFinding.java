package dev.aiops.domain.eval;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One finding a diagnosis must report: its category on {@code object} or on its top-level controller
 * {@code owner}, naming one of {@code keywords} (none: any finding of the category names its cause), with
 * {@code severity} (null: at least medium, since an expected problem has a present symptom).
 */
public record ExpectedFinding(Category category, ObjectRef object, ObjectRef owner, List<String> keywords,
                              Severity severity) {

    public ExpectedFinding {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(object, "object");
        keywords = List.copyOf(keywords);
    }

    /** True when {@code f} has this category and is about this object or its owner. */
    boolean matches(Finding f) {
        return f.category() == category && (about(f.object()) || (f.owner() != null && about(f.owner())));
    }

    private boolean about(ObjectRef ref) {
        return ref.equals(object) || ref.equals(owner);
    }

    /** True when {@code f}'s summary, root cause or evidence holds one of the keywords (ignoring case). */
    boolean namesCause(Finding f) {
        if (keywords.isEmpty()) return true;
        StringBuilder text = new StringBuilder().append(f.summary()).append('\n').append(f.rootCause());
        f.evidence().forEach(e -> text.append('\n').append(e.text()));
        String haystack = text.toString().toLowerCase(Locale.ROOT);
        return keywords.stream().anyMatch(k -> haystack.contains(k.toLowerCase(Locale.ROOT)));
    }

    /** True when {@code f} is as severe as expected. */
    boolean severityMet(Finding f) {
        return severity != null ? f.severity() == severity : f.severity().atLeast(Severity.MEDIUM);
    }

    /** What is expected, as a line: {@code ContainerConfigError on Pod ns/name}. */
    @Override
    public String toString() {
        return category + " on " + object;
    }
}
