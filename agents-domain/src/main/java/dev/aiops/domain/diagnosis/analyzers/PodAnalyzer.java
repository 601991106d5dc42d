package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.Analyzer;
import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.FindingDraft;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.ClusterSnapshot.Coverage;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Pod and container problems, grouped under their top-level controller: one finding per controller and
 * category with the number of affected pods, not one per pod.
 */
public final class PodAnalyzer implements Analyzer {

    private record Key(ObjectRef subject, Category category) {
    }

    private record Hit(JsonNode pod, PodProblem problem) {
    }

    @Override
    public String name() {
        return "pods";
    }

    /** It reads how pods and nodes run (status, events, logs): manifests have none of that. */
    @Override
    public Set<Coverage> coverage() {
        return EnumSet.of(Coverage.STATE);
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        Map<Key, List<Hit>> groups = new LinkedHashMap<>();
        for (JsonNode pod : index.objects("Pod")) {
            List<PodProblem> problems = PodChecks.all(index, pod);
            ObjectRef owner = index.ownerOf(pod);
            for (PodProblem p : problems) {
                Key key = new Key(owner != null ? owner : ObjectRef.of(pod), p.category());
                List<Hit> hits = groups.computeIfAbsent(key, k -> new ArrayList<>());
                if (hits.stream().noneMatch(h -> h.pod == pod)) hits.add(new Hit(pod, p));
            }
        }
        List<Finding> out = new ArrayList<>();
        groups.forEach((key, hits) -> out.add(toFinding(index, key, hits)));
        return out;
    }

    /** Running, every container running and ready and never restarted: nothing any pod check could report. */
    static boolean healthy(JsonNode pod) {
        if (!"Running".equals(K8s.text(pod, "status", "phase"))) return false;
        JsonNode statuses = pod.path("status").path("containerStatuses");
        if (statuses.isEmpty()) return false;
        for (JsonNode c : statuses) {
            if (!c.path("ready").asBoolean(false) || !c.path("state").has("running")
                    || c.path("restartCount").asInt(0) > 0) return false;
        }
        return true;
    }

    private static Finding toFinding(ClusterIndex index, Key key, List<Hit> hits) {
        Hit first = hits.get(0);
        JsonNode pod = first.pod;
        ObjectRef owner = index.ownerOf(pod);
        PodProblem p = first.problem;
        int affected = hits.size();
        int total = owner == null ? 1 : activePods(index, owner);
        // every pod of the controller down with the same problem: nothing of it serves
        Symptom symptom = owner != null && affected >= total && total > 0 && p.symptom() == Symptom.DEGRADED
                ? Symptom.DOWN : p.symptom();
        String who = owner == null ? "pod " + K8s.namespace(pod) + "/" + K8s.name(pod)
                : affected + " of " + Math.max(total, affected) + " pod" + (total == 1 ? "" : "s") + " of " + owner;
        FindingDraft d = FindingDraft.of(p.category(), p.problem(), symptom, ObjectRef.of(pod)).owner(owner)
                .summary(p.category() + ": " + who + ": " + p.headline())
                .rootCause(p.rootCause())
                .evidence(p.evidence());
        if (affected > 1) {
            List<String> others = new ArrayList<>();
            for (int i = 1; i < hits.size() && i < 6; i++) others.add(K8s.name(hits.get(i).pod));
            d.evidence(Evidence.related("same problem on " + String.join(", ", others)
                    + (hits.size() > 6 ? " and " + (hits.size() - 6) + " more" : "")));
        }
        p.remediation().forEach(d::remediate);
        p.related().forEach(d::related);
        return d.build();
    }

    /** Pods of the controller that are meant to be running (not finished, not from old evictions). */
    private static int activePods(ClusterIndex index, ObjectRef owner) {
        int n = 0;
        for (JsonNode pod : index.podsOf(owner)) {
            String phase = pod.path("status").path("phase").asString("");
            if (!phase.equals("Succeeded") && !phase.equals("Failed")) n++;
        }
        return n;
    }
}
