package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.Analyzer;
import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.FindingDraft;
import dev.aiops.domain.diagnosis.LogClue;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.ClusterSnapshot.Coverage;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What running pods keep logging about access: RBAC denials (naming verb, resource and service account) and
 * dependencies they cannot reach; and RoleBindings to Roles that do not exist. Crash-looping containers are
 * covered by the pod analyzer, which reads the same clues.
 */
public final class AccessAnalyzer implements Analyzer {

    private static final int RECENT = 10;
    private static final int MIN_REPEATS = 3;

    @Override
    public String name() {
        return "access";
    }

    /** It reads how pods and nodes run (status, events, logs): manifests have none of that. */
    @Override
    public Set<Coverage> coverage() {
        return EnumSet.of(Coverage.STATE);
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        List<Finding> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode pod : index.objects("Pod")) {
            String phase = pod.path("status").path("phase").asString("");
            if (!(phase.equals("Running") || (phase.equals("Pending") && initRunning(pod))) || crashLooping(pod)) continue;
            String ns = K8s.namespace(pod);
            for (Map.Entry<String, List<String>> e : index.snapshot().logs(ns, K8s.name(pod)).entrySet()) {
                List<String> lines = e.getValue();
                LogClue clue = LogClue.find(lines);
                if (clue == null || !(clue.kind() == LogClue.Kind.RBAC_FORBIDDEN || clue.isDependency())) continue;
                if (!recentAndRepeated(lines, clue.kind())) continue;
                ObjectRef owner = index.ownerOf(pod);
                Category cat = clue.kind() == LogClue.Kind.RBAC_FORBIDDEN ? Category.RBACDenied
                        : Category.DependencyUnreachable;
                if (!seen.add(cat + "|" + (owner == null ? ObjectRef.of(pod) : owner))) continue;
                String sa = pod.path("spec").path("serviceAccountName").asString("default");
                // errors a serving pod keeps logging cost part of its function; not ready, it serves nothing
                FindingDraft d = FindingDraft.of(cat, cat == Category.RBACDenied ? Problem.MISCONFIGURATION
                                : Problem.CONSEQUENCE, ServiceAnalyzer.ready(pod) ? Symptom.WARNING : Symptom.DEGRADED,
                                ObjectRef.of(pod)).owner(owner)
                        .evidence(Evidence.log(clue.line()));
                if (cat == Category.RBACDenied) {
                    d.summary("RBACDenied: " + (owner == null ? "pod " + K8s.name(pod) : owner)
                                    + " is denied by RBAC: " + clue.subject())
                            .rootCause(RbacFacts.explain(index, clue.subject(), ns + "/" + sa))
                            .related(new ObjectRef("ServiceAccount", ns, sa))
                            .remediate(Remediation.command("Check the permission", "kubectl auth can-i --list -n " + ns
                                    + " --as=system:serviceaccount:" + ns + ":" + sa));
                } else {
                    Dependencies.Target target = Dependencies.resolve(index, ns, clue.host());
                    if (target.service() != null) d.related(target.service());
                    d.summary("DependencyUnreachable: " + (owner == null ? "pod " + K8s.name(pod) : owner)
                                    + " cannot reach " + clue.subject())
                            .rootCause("container " + e.getKey() + " keeps failing to reach " + clue.subject() + ": "
                                    + clue.describe() + target.note())
                            .remediate(Remediation.command("Check the dependency's Service and endpoints",
                                    "kubectl get svc,endpoints -n " + ns));
                }
                out.add(d.build());
            }
        }
        for (JsonNode rb : index.objects("RoleBinding")) {
            JsonNode role = rb.path("roleRef");
            String kind = role.path("kind").asString("Role");
            String name = role.path("name").asString("");
            boolean missing = kind.equals("Role")
                    ? !index.objects("Role").isEmpty() && index.get("Role", K8s.namespace(rb), name) == null
                    : !index.objects("ClusterRole").isEmpty() && index.get("ClusterRole", null, name) == null;
            if (!missing) continue;
            ObjectRef ref = ObjectRef.of(rb);
            // latent until a subject of the binding is denied: the pods' denials are reported on their own
            out.add(FindingDraft.of(Category.RBACDenied, Problem.MISCONFIGURATION, Symptom.NONE, ref)
                    .summary("RBACDenied: RoleBinding " + ref.namespace() + "/" + ref.name() + " grants a " + kind
                            + " that does not exist")
                    .rootCause("roleRef " + kind + " " + name + " does not exist, so the binding's subjects get no permissions")
                    .evidence(Evidence.spec("roleRef: " + kind + "/" + name))
                    .remediate(Remediation.command("Create the role or fix the reference",
                            "kubectl describe rolebinding -n " + ref.namespace() + " " + ref.name()))
                    .build());
        }
        return out;
    }

    private static boolean crashLooping(JsonNode pod) {
        for (String field : new String[] {"containerStatuses", "initContainerStatuses"}) {
            for (JsonNode cs : pod.path("status").path(field)) {
                if ("CrashLoopBackOff".equals(cs.path("state").path("waiting").path("reason").asString(""))) return true;
            }
        }
        return false;
    }

    /** An init container still running, typically waiting for a dependency. */
    private static boolean initRunning(JsonNode pod) {
        for (JsonNode cs : pod.path("status").path("initContainerStatuses")) {
            if (cs.path("state").has("running")) return true;
        }
        return false;
    }

    private static boolean recentAndRepeated(List<String> lines, LogClue.Kind kind) {
        int repeats = 0;
        boolean recent = false;
        int from = Math.max(0, lines.size() - 80);
        for (int i = from; i < lines.size(); i++) {
            LogClue c = LogClue.classify(lines.get(i));
            if (c != null && c.kind() == kind) {
                repeats++;
                if (i >= lines.size() - RECENT) recent = true;
            }
        }
        return recent && repeats >= MIN_REPEATS;
    }
}
