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

    private static final Pattern QUOTA = Pattern.compile(
            "exceeded quota: ([^,]+), requested: ([^,]+(?:,[^,]+)*?), used: ([^,]+(?:,[^,]+)*?), limited: (.+)$");
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
            Finding r = replicaFailure(d);
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
        String ns = K8s.namespace(w);
        ObjectRef owner = topOwner(index, w);
        Matcher q = QUOTA.matcher(msg);
        FindingDraft d;
        if (msg.contains("exceeded quota")) {
            String cause = q.find() ? "ResourceQuota " + q.group(1) + " is exhausted: requested " + q.group(2) + ", used "
                    + q.group(3) + ", limited " + q.group(4) : msg;
            d = FindingDraft.of(Category.QuotaExceeded, Severity.HIGH, ObjectRef.of(w))
                    .summary("QuotaExceeded: " + ObjectRef.of(w) + " cannot create pods: quota exceeded")
                    .rootCause(cause)
                    .remediate(Remediation.command("Compare the quota with its usage", "kubectl describe resourcequota -n "
                            + ns));
        } else {
            String cause = msg;
            Matcher sa = Pattern.compile("serviceaccount \"([^\"]+)\" not found").matcher(msg);
            if (sa.find()) cause = "ServiceAccount " + sa.group(1) + " does not exist in namespace " + ns;
            else if (msg.contains("violates PodSecurity")) cause = "PodSecurity admission rejects the pods: " + msg;
            else if (msg.contains("admission webhook")) cause = "an admission webhook rejects the pods: " + msg;
            d = FindingDraft.of(Category.PodCreationFailed, Severity.HIGH, ObjectRef.of(w))
                    .summary("PodCreationFailed: " + ObjectRef.of(w) + " cannot create pods")
                    .rootCause(cause)
                    .remediate(Remediation.command("Read the controller's events", "kubectl describe "
                            + K8s.kind(w).toLowerCase() + " -n " + ns + " " + K8s.name(w)));
        }
        if (owner != null && !owner.equals(ObjectRef.of(w))) d.owner(owner);
        return d.evidence(Evidence.event("FailedCreate: " + msg + (last.path("count").asInt(0) > 1
                ? " (x" + last.path("count").asInt() + ")" : ""))).build();
    }

    /** A Deployment whose ReplicaFailure condition says why it cannot create pods (quota, admission, ...). */
    private static Finding replicaFailure(JsonNode d) {
        for (JsonNode c : d.path("status").path("conditions")) {
            if (!"ReplicaFailure".equals(c.path("type").asString("")) || !"True".equals(c.path("status").asString(""))) {
                continue;
            }
            String msg = c.path("message").asString(c.path("reason").asString("FailedCreate"));
            ObjectRef ref = ObjectRef.of(d);
            boolean quota = msg.contains("exceeded quota");
            Matcher q = QUOTA.matcher(msg);
            String cause = quota && q.find() ? "ResourceQuota " + q.group(1) + " is exhausted: requested " + q.group(2)
                    + ", used " + q.group(3) + ", limited " + q.group(4) : msg;
            return FindingDraft.of(quota ? Category.QuotaExceeded : Category.PodCreationFailed, Severity.HIGH, ref)
                    .summary((quota ? "QuotaExceeded: " : "PodCreationFailed: ") + ref + " cannot create pods")
                    .rootCause(cause)
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
                return FindingDraft.of(Category.RolloutStuck, Severity.HIGH, ref)
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
