package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.Analyzer;
import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.FindingDraft;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.domain.diagnosis.SeverityRules;
import dev.aiops.infra.k8s.ClusterSnapshot.Coverage;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Controllers that cannot make pods (quota exceeded, missing service account, admission denied) and
 * Deployments whose rollout stopped progressing.
 */
public final class WorkloadAnalyzer implements Analyzer {

    private static final String[] CONTROLLERS = {"ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController"};

    @Override
    public String name() {
        return "workloads";
    }

    /** It reads how pods and nodes run (status, events, logs): manifests have none of that. */
    @Override
    public Set<Coverage> coverage() {
        return EnumSet.of(Coverage.STATE);
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        List<Finding> out = new ArrayList<>();
        for (String kind : CONTROLLERS) {
            for (JsonNode w : index.objects(kind)) {
                Finding f = failedCreate(index, w);
                if (f != null) out.add(f);
            }
        }
        for (JsonNode d : index.objects("Deployment")) {
            Finding f = rollout(index, d);
            if (f != null) out.add(f);
            Finding r = replicaFailure(index, d);
            if (r != null) out.add(r);
        }
        return out;
    }

    private static Finding failedCreate(ClusterIndex index, JsonNode w) {
        JsonNode last = null;
        for (JsonNode e : index.events(w)) {
            if ("FailedCreate".equals(e.path("reason").asString(""))) last = e;
        }
        if (last == null || !stillShort(w)) return null;
        String msg = last.path("message").asString("");
        ObjectRef owner = topOwner(index, w);
        String ownerArg = owner != null ? owner.kind().toLowerCase() + "/" + owner.name()
                : K8s.kind(w).toLowerCase() + "/" + K8s.name(w);
        // the controller is short of the pods it wants: part (or all) of what it should run is missing
        FindingDraft d = rejected(index, ObjectRef.of(w), w.path("spec").path("template"), msg, Symptom.DEGRADED,
                ownerArg)
                .evidence(Evidence.event("FailedCreate: " + msg + (last.path("count").asInt(0) > 1
                        ? " (x" + last.path("count").asInt() + ")" : "")))
                .remediate(Remediation.command("Read the controller's events", "kubectl describe "
                        + K8s.kind(w).toLowerCase() + " -n " + K8s.namespace(w) + " " + K8s.name(w)));
        if (owner != null && !owner.equals(ObjectRef.of(w))) d.owner(owner);
        return d.build();
    }

    /** A finding on {@code ref}, whose pods admission rejects with {@code msg}: a quota's or another cause. */
    private static FindingDraft rejected(ClusterIndex index, ObjectRef ref, JsonNode template, String msg,
                                         Symptom symptom, String ownerArg) {
        String ns = ref.namespace();
        QuotaRejection quota = QuotaRejection.parse(msg);
        if (quota != null) {
            return FindingDraft.of(Category.QuotaExceeded, Problem.MISCONFIGURATION, symptom, ref)
                    .summary("QuotaExceeded: " + ref + " cannot create pods: ResourceQuota " + quota.quota()
                            + (quota.exhausted() ? " is exhausted" : " requires " + String.join(", ",
                            quota.resources().keySet())))
                    .rootCause(quota.cause(template))
                    .evidence(quota.quotaStatus(index, ns))
                    .related(quota.ref(ns))
                    .remediate(quota.remediation(ns, ownerArg));
        }
        Category category = WarningReasons.find("FailedCreate", ref.kind(), msg)
                .map(WarningReasons.Row::category).orElse(Category.PodCreationFailed);
        return FindingDraft.of(category, Problem.MISCONFIGURATION, symptom, ref)
                .summary(category + ": " + ref + " cannot create pods")
                .rootCause(AdmissionRejection.cause(index, ns, msg));
    }

    /** A Deployment whose ReplicaFailure condition says why it cannot create pods (quota, admission, ...). */
    private static Finding replicaFailure(ClusterIndex index, JsonNode d) {
        for (JsonNode c : d.path("status").path("conditions")) {
            if (!"ReplicaFailure".equals(c.path("type").asString("")) || !"True".equals(c.path("status").asString(""))) {
                continue;
            }
            String msg = c.path("message").asString(c.path("reason").asString("FailedCreate"));
            ObjectRef ref = ObjectRef.of(d);
            // the condition is the Deployment's own report; missing replicas make it a lost share of the pods
            Symptom symptom = SeverityRules.worst(Symptom.WARNING, SeverityRules.ofReplicas(
                    d.path("status").path("availableReplicas").asInt(0), d.path("spec").path("replicas").asInt(1)));
            return rejected(index, ref, d.path("spec").path("template"), msg, symptom, "deployment/" + ref.name())
                    .evidence(Evidence.status("ReplicaFailure=True (" + c.path("reason").asString("") + "): " + msg))
                    .remediate(Remediation.command("Read the ReplicaSet's events", "kubectl describe rs -n "
                            + ref.namespace() + " -l " + labelArg(d)))
                    .build();
        }
        return null;
    }

    private static String labelArg(JsonNode d) {
        List<String> parts = new ArrayList<>();
        for (java.util.Map.Entry<String, JsonNode> e : d.path("spec").path("selector").path("matchLabels").properties()) {
            parts.add(e.getKey() + "=" + e.getValue().asString());
        }
        return String.join(",", parts);
    }

    private static boolean stillShort(JsonNode w) {
        JsonNode spec = w.path("spec");
        JsonNode status = w.path("status");
        if (K8s.kind(w).equals("Job")) return !status.has("succeeded") || status.path("active").asInt(0) == 0;
        if (K8s.kind(w).equals("DaemonSet")) {
            return status.path("currentNumberScheduled").asInt(0) < status.path("desiredNumberScheduled").asInt(0);
        }
        return status.path("replicas").asInt(0) < spec.path("replicas").asInt(1);
    }

    private static ObjectRef topOwner(ClusterIndex index, JsonNode w) {
        JsonNode ref = K8s.controllerOf(w);
        if (ref == null) return null;
        return new ObjectRef(ref.path("kind").asString(), K8s.namespace(w), ref.path("name").asString());
    }

    private static Finding rollout(ClusterIndex index, JsonNode d) {
        for (JsonNode c : d.path("status").path("conditions")) {
            if ("Progressing".equals(c.path("type").asString("")) && "False".equals(c.path("status").asString(""))
                    && "ProgressDeadlineExceeded".equals(c.path("reason").asString(""))) {
                ObjectRef ref = ObjectRef.of(d);
                String ns = ref.namespace();
                List<String> podCauses = new ArrayList<>();
                for (JsonNode pod : index.podsOf(ref)) {
                    for (PodProblem p : PodChecks.all(index, pod)) {
                        if (!podCauses.contains(p.rootCause())) podCauses.add(p.rootCause());
                    }
                }
                String cause = "the rollout exceeded its progress deadline"
                        + (podCauses.isEmpty() ? ": " + c.path("message").asString("") : " because the new pods fail: "
                        + podCauses.get(0));
                return FindingDraft.of(Category.RolloutStuck, Problem.CONSEQUENCE, Symptom.DEGRADED, ref)
                        .summary("RolloutStuck: Deployment " + ns + "/" + ref.name() + " stopped progressing")
                        .rootCause(cause)
                        .evidence(Evidence.status("Progressing=False (ProgressDeadlineExceeded): "
                                + c.path("message").asString("")))
                        .evidence(Evidence.status(d.path("status").path("updatedReplicas").asInt(0) + " updated, "
                                + d.path("status").path("availableReplicas").asInt(0) + " available of "
                                + d.path("spec").path("replicas").asInt(1)))
                        .remediate(Remediation.command("See the rollout's state", "kubectl rollout status deployment/"
                                + ref.name() + " -n " + ns))
                        .remediate(Remediation.destructive("Roll back to the previous revision",
                                "kubectl rollout undo deployment/" + ref.name() + " -n " + ns))
                        .build();
            }
        }
        return null;
    }
}
