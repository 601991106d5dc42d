package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.domain.diagnosis.SeverityRules;
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import java.util.List;

/** One problem of one pod, before pods of the same controller are grouped into a finding. */
record PodProblem(Category category, Problem problem, Symptom symptom, String headline, String rootCause,
                  List<Evidence> evidence, List<Remediation> remediation, List<ObjectRef> related) {

    Severity severity() {
        return SeverityRules.severity(problem, symptom);
    }
}
