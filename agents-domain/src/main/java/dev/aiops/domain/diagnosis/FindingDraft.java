package dev.aiops.domain.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A finding under construction; analyzers fill it in and call {@link #build()}. */
public final class FindingDraft {

    private final Category category;
    private Severity severity;
    private final ObjectRef object;
    private ObjectRef owner;
    private String summary;
    private String rootCause;
    private final Set<Evidence> evidence = new LinkedHashSet<>();
    private final List<Remediation> remediation = new ArrayList<>();
    private final Set<ObjectRef> related = new LinkedHashSet<>();

    private FindingDraft(Category category, Severity severity, ObjectRef object) {
        this.category = category;
        this.severity = severity;
        this.object = object;
    }

    public static FindingDraft of(Category category, Severity severity, ObjectRef object) {
        return new FindingDraft(category, severity, object);
    }

    /** A finding whose severity {@link SeverityRules} gives for this kind of problem and symptom. */
    public static FindingDraft of(Category category, SeverityRules.Problem problem, SeverityRules.Symptom symptom,
                                  ObjectRef object) {
        return new FindingDraft(category, SeverityRules.severity(problem, symptom), object);
    }

    public FindingDraft owner(ObjectRef owner) {
        this.owner = owner;
        return this;
    }

    public FindingDraft severity(Severity s) {
        this.severity = s;
        return this;
    }

    public FindingDraft summary(String text) {
        this.summary = text;
        return this;
    }

    public FindingDraft rootCause(String text) {
        this.rootCause = text;
        return this;
    }

    public FindingDraft evidence(Evidence e) {
        if (e != null && e.text() != null && !e.text().isBlank()) evidence.add(e);
        return this;
    }

    public FindingDraft evidence(List<Evidence> list) {
        list.forEach(this::evidence);
        return this;
    }

    public FindingDraft remediate(Remediation r) {
        remediation.add(r);
        return this;
    }

    public FindingDraft related(ObjectRef ref) {
        if (ref != null && !ref.equals(object)) related.add(ref);
        return this;
    }

    public Finding build() {
        if (evidence.isEmpty()) evidence.add(Evidence.status(summary));
        return new Finding(null, category, severity, object, owner, summary,
                rootCause == null ? summary : rootCause, List.copyOf(evidence), remediation,
                List.copyOf(related), null);
    }
}
