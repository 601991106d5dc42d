package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.ClusterIndex;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Every pod-level check in one place, for the pod analyzer and for the symptom chains that quote pod causes. */
final class PodChecks {

    private PodChecks() {
    }

    /** The problems of one pod: containers, scheduling, then probes and evictions. */
    static List<PodProblem> all(ClusterIndex index, JsonNode pod) {
        if (PodAnalyzer.healthy(pod)) return List.of();
        List<PodProblem> problems = new ArrayList<>(PodProblems.of(index, pod));
        problems.addAll(PodScheduling.of(index, pod));
        problems.addAll(PodHealth.of(index, pod));
        return problems;
    }
}
