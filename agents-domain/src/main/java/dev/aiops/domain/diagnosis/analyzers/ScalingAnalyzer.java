package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.Analyzer;
import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.FindingDraft;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * HorizontalPodAutoscalers that cannot scale (missing target, missing resource requests, metrics unavailable,
 * min above max) and PodDisruptionBudgets that block every voluntary eviction.
 */
public final class ScalingAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "scaling";
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        List<Finding> out = new ArrayList<>();
        for (JsonNode hpa : index.objects("HorizontalPodAutoscaler")) {
            Finding f = hpa(index, hpa);
            if (f != null) out.add(f);
        }
        for (JsonNode pdb : index.objects("PodDisruptionBudget")) {
            Finding f = pdb(index, pdb);
            if (f != null) out.add(f);
        }
        return out;
    }

    private static Finding hpa(ClusterIndex index, JsonNode hpa) {
        ObjectRef ref = ObjectRef.of(hpa);
        String ns = ref.namespace();
        JsonNode target = hpa.path("spec").path("scaleTargetRef");
        String kind = target.path("kind").asString("Deployment");
        String name = target.path("name").asString("");
        List<String> causes = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        JsonNode workload = index.get(kind, ns, name);
        if (workload == null && !index.objects(kind).isEmpty() || workload == null && kind.equals("Deployment")) {
            causes.add("scaleTargetRef " + kind + " " + name + " does not exist in namespace " + ns);
            ev.add(Evidence.spec("scaleTargetRef: " + kind + "/" + name));
        }
        int min = hpa.path("spec").path("minReplicas").asInt(1);
        int max = hpa.path("spec").path("maxReplicas").asInt(1);
        if (min > max) {
            causes.add("minReplicas " + min + " is greater than maxReplicas " + max);
            ev.add(Evidence.spec("minReplicas " + min + ", maxReplicas " + max));
        }
        if (workload != null) {
            for (JsonNode m : hpa.path("spec").path("metrics")) {
                String resource = m.path("resource").path("name").asString(null);
                if (resource == null || !"Utilization".equals(m.path("resource").path("target").path("type").asString(""))) {
                    continue;
                }
                for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
                    if (!c.path("resources").path("requests").has(resource)) {
                        causes.add("container " + c.path("name").asString() + " of " + kind + " " + name
                                + " sets no " + resource + " request, so " + resource + " utilization cannot be computed");
                        ev.add(Evidence.spec("metric " + resource + " Utilization; container " + c.path("name").asString()
                                + " requests " + c.path("resources").path("requests")));
                    }
                }
            }
        }
        for (JsonNode c : hpa.path("status").path("conditions")) {
            String type = c.path("type").asString("");
            if (type.equals("ScalingLimited") && "True".equals(c.path("status").asString(""))
                    && "TooManyReplicas".equals(c.path("reason").asString(""))) {
                ev.add(Evidence.status("ScalingLimited=True (TooManyReplicas): " + c.path("message").asString("")));
                causes.add("maxReplicas " + max + " caps scaling: " + c.path("message").asString("the desired count is"
                        + " above the maximum"));
            }
            if ((type.equals("ScalingActive") || type.equals("AbleToScale")) && "False".equals(c.path("status").asString(""))) {
                ev.add(Evidence.status(type + "=False (" + c.path("reason").asString("") + "): "
                        + c.path("message").asString("")));
                if (causes.isEmpty()) causes.add(c.path("reason").asString("") + ": " + c.path("message").asString(""));
            }
        }
        for (JsonNode e : index.events(hpa)) {
            String reason = e.path("reason").asString("");
            if (reason.startsWith("FailedGet") || reason.equals("FailedComputeMetricsReplicas")) {
                ev.add(Evidence.event(reason + ": " + e.path("message").asString("")));
                if (causes.isEmpty()) causes.add(e.path("message").asString(reason));
            }
        }
        if (causes.isEmpty()) return null;
        // every cause found makes the autoscaler unable to scale (by its spec or by its own report), while the
        // workload keeps running at its current size
        FindingDraft d = FindingDraft.of(Category.HPAMisconfigured, Problem.MISCONFIGURATION, Symptom.WARNING, ref)
                .summary("HPAMisconfigured: HorizontalPodAutoscaler " + ns + "/" + ref.name() + " cannot scale: "
                        + causes.get(0))
                .rootCause(String.join("; ", causes)).evidence(ev)
                .remediate(Remediation.command("Inspect the autoscaler", "kubectl describe hpa -n " + ns + " " + ref.name()));
        if (workload != null) d.related(ObjectRef.of(workload));
        return d.build();
    }

    /**
     * Manifests (no pods, no status): the pods the budget will cover, from the replicas of the workloads whose
     * template it selects, or the minimum of the autoscaler that scales one.
     */
    private static int planned(ClusterIndex index, String ns, JsonNode selector) {
        int pods = 0;
        for (String kind : new String[] {"Deployment", "StatefulSet"}) {
            for (JsonNode w : index.snapshot().objects(kind, ns)) {
                if (!ClusterIndex.matchesSelector(w.path("spec").path("template").path("metadata").path("labels"), selector)) {
                    continue;
                }
                int replicas = w.path("spec").path("replicas").asInt(1);
                for (JsonNode hpa : index.snapshot().objects("HorizontalPodAutoscaler", ns)) {
                    JsonNode target = hpa.path("spec").path("scaleTargetRef");
                    if (kind.equals(target.path("kind").asString("")) && K8s.name(w).equals(target.path("name").asString(""))) {
                        replicas = hpa.path("spec").path("minReplicas").asInt(1);
                    }
                }
                pods += replicas;
            }
        }
        return pods;
    }

    /** A drain the budget holds up now: an eviction refused for a covered pod, or a covered pod on a cordoned node. */
    private static Evidence blockedDrain(ClusterIndex index, JsonNode pdb, List<JsonNode> pods) {
        for (JsonNode e : index.events(pdb)) {
            if (e.path("message").asString("").contains("disruption budget")) {
                return Evidence.event(e.path("reason").asString("") + ": " + e.path("message").asString(""));
            }
        }
        for (JsonNode pod : pods) {
            for (JsonNode e : index.events(pod)) {
                if (e.path("message").asString("").contains("violate the pod's disruption budget")) {
                    return Evidence.event(e.path("reason").asString("") + " on pod " + K8s.name(pod) + ": "
                            + e.path("message").asString(""));
                }
            }
            String nodeName = pod.path("spec").path("nodeName").asString("");
            JsonNode node = nodeName.isEmpty() ? null : index.get("Node", null, nodeName);
            if (node != null && node.path("spec").path("unschedulable").asBoolean(false)) {
                return Evidence.related("node " + nodeName + " is cordoned and still runs covered pod " + K8s.name(pod)
                        + ": its drain cannot evict it");
            }
        }
        return null;
    }

    private static Finding pdb(ClusterIndex index, JsonNode pdb) {
        ObjectRef ref = ObjectRef.of(pdb);
        String ns = ref.namespace();
        JsonNode status = pdb.path("status");
        JsonNode selector = pdb.path("spec").path("selector");
        List<JsonNode> pods = new ArrayList<>();
        for (JsonNode pod : index.snapshot().objects("Pod", ns)) {
            if (ClusterIndex.matchesSelector(pod.path("metadata").path("labels"), selector)) pods.add(pod);
        }
        int expected = status.has("expectedPods") ? status.path("expectedPods").asInt()
                : !status.isObject() && index.snapshot().objects("Pod").isEmpty() ? planned(index, ns, selector)
                : pods.size();
        int allowed = status.has("disruptionsAllowed") ? status.path("disruptionsAllowed").asInt() : -1;
        int healthy = status.has("currentHealthy") ? status.path("currentHealthy").asInt()
                : (int) pods.stream().filter(ServiceAnalyzer::ready).count();
        JsonNode minAvailable = pdb.path("spec").get("minAvailable");
        JsonNode maxUnavailable = pdb.path("spec").get("maxUnavailable");
        String cause = null;
        if (maxUnavailable != null && ("0".equals(maxUnavailable.asString()) || "0%".equals(maxUnavailable.asString()))) {
            cause = "maxUnavailable " + maxUnavailable.asString() + " forbids every voluntary eviction, so node drains hang";
        } else if (minAvailable != null && expected > 0 && (minAvailable.asString().equals("100%")
                || (minAvailable.isNumber() || minAvailable.asString().matches("\\d+")) && minAvailable.asInt() >= expected)) {
            cause = "minAvailable " + minAvailable.asString() + " is at least the " + expected
                    + " pods it covers, so no pod may ever be evicted and node drains hang";
        } else if (allowed == 0 && expected > 0 && healthy >= expected) {
            cause = "disruptionsAllowed is 0 although all " + expected + " pods are healthy";
        }
        if (cause == null) return null;
        // a budget that allows no eviction hurts only when something drains: latent until a drain is blocked
        Evidence blocked = blockedDrain(index, pdb, pods);
        return FindingDraft.of(Category.PDBBlocking, Problem.MISCONFIGURATION,
                        blocked == null ? Symptom.NONE : Symptom.WARNING, ref)
                .evidence(blocked)
                .summary("PDBBlocking: PodDisruptionBudget " + ns + "/" + ref.name() + " blocks voluntary evictions")
                .rootCause(cause)
                .evidence(Evidence.spec((minAvailable != null ? "minAvailable " + minAvailable.asString() : "")
                        + (maxUnavailable != null ? "maxUnavailable " + maxUnavailable.asString() : "")))
                .evidence(Evidence.status("disruptionsAllowed " + (allowed < 0 ? "?" : allowed) + ", currentHealthy "
                        + healthy + ", expectedPods " + expected))
                .remediate(Remediation.command("Allow at least one disruption", "kubectl patch pdb " + ref.name() + " -n "
                        + ns + " --type merge -p '{\"spec\":{\"maxUnavailable\":1,\"minAvailable\":null}}'"))
                .build();
    }
}
