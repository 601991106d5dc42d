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
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Claims that stay Pending (missing StorageClass, no default class, provisioning errors) and StatefulSets whose
 * governing Service or claim templates are wrong.
 */
public final class StorageAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        List<Finding> out = new ArrayList<>();
        for (JsonNode pvc : index.objects("PersistentVolumeClaim")) {
            if (!"Pending".equals(pvc.path("status").path("phase").asString(""))) continue;
            out.add(pending(index, pvc));
        }
        for (JsonNode sts : index.objects("StatefulSet")) {
            Finding f = statefulSet(index, sts);
            if (f != null) out.add(f);
        }
        return out;
    }

    private static Finding pending(ClusterIndex index, JsonNode pvc) {
        String ns = K8s.namespace(pvc);
        ObjectRef ref = ObjectRef.of(pvc);
        String sc = K8s.text(pvc.path("spec").get("storageClassName"));
        List<Evidence> ev = new ArrayList<>();
        ev.add(Evidence.status("PersistentVolumeClaim is Pending"));
        String eventCause = null;
        for (JsonNode e : index.events(pvc)) {
            String reason = e.path("reason").asString("");
            if (reason.equals("ProvisioningFailed") || reason.equals("FailedBinding") || reason.equals("ExternalProvisioning")
                    || reason.equals("VolumeMismatch")) {
                ev.add(Evidence.event(reason + ": " + e.path("message").asString("")));
                if (!reason.equals("ExternalProvisioning")) {
                    eventCause = (reason.equals("ProvisioningFailed") ? "provisioning fails: " : "binding fails: ")
                            + e.path("message").asString("");
                }
            }
        }
        List<String> classes = index.objects("StorageClass").stream().map(K8s::name).toList();
        String cause;
        Problem problem = Problem.MISCONFIGURATION;
        // a claim a pod waits for holds that pod back; one no pod uses yet only reports that it is not bound
        List<String> waiting = consumers(index, pvc);
        Symptom symptom = waiting.isEmpty() ? Symptom.WARNING : Symptom.DEGRADED;
        if (!waiting.isEmpty()) ev.add(Evidence.related("pod " + String.join(", ", waiting) + " waits for the claim"));
        if (sc != null && !sc.isEmpty() && !index.objects("StorageClass").isEmpty()
                && index.get("StorageClass", null, sc) == null) {
            cause = "StorageClass " + sc + " does not exist (the cluster has " + String.join(", ", classes) + ")";
            ev.add(Evidence.spec("storageClassName: " + sc));
        } else if (sc == null && !index.objects("StorageClass").isEmpty() && defaultClass(index) == null) {
            cause = "the claim names no StorageClass and the cluster has no default StorageClass";
        } else if (eventCause != null) {
            cause = eventCause;
        } else if (waitsForConsumer(index, sc)) {
            cause = "StorageClass " + sc + " binds on first consumer and no pod uses the claim yet";
            problem = Problem.NOTICE;
        } else {
            cause = "no PersistentVolume matches the claim (" + pvc.path("spec").path("resources").path("requests")
                    .path("storage").asString("?") + ", " + pvc.path("spec").path("accessModes") + ")";
        }
        FindingDraft d = FindingDraft.of(Category.PVCPending, problem, symptom, ref)
                .summary("PVCPending: PersistentVolumeClaim " + ns + "/" + ref.name() + " is not bound")
                .rootCause(cause).evidence(ev)
                .remediate(Remediation.command("List the storage classes and the claim's events",
                        "kubectl get storageclass && kubectl describe pvc -n " + ns + " " + ref.name()));
        if (sc != null && index.get("StorageClass", null, sc) == null && !classes.isEmpty()) {
            d.remediate(Remediation.destructive("Recreate the claim with an existing class (a Pending claim holds no data)",
                    "kubectl get pvc " + ref.name() + " -n " + ns + " -o yaml | sed 's/storageClassName: " + sc
                            + "/storageClassName: " + classes.get(0) + "/' | kubectl replace --force -f -"));
        }
        for (JsonNode ref2 : pvc.path("metadata").path("ownerReferences")) {
            d.related(new ObjectRef(ref2.path("kind").asString(), ns, ref2.path("name").asString()));
        }
        return d.build();
    }

    /** Pods that mount the claim and are not running. */
    private static List<String> consumers(ClusterIndex index, JsonNode pvc) {
        List<String> out = new ArrayList<>();
        for (JsonNode pod : index.snapshot().objects("Pod", K8s.namespace(pvc))) {
            if ("Running".equals(pod.path("status").path("phase").asString(""))) continue;
            for (JsonNode v : pod.path("spec").path("volumes")) {
                if (K8s.name(pvc).equals(K8s.text(v.path("persistentVolumeClaim").get("claimName")))) {
                    out.add(K8s.name(pod));
                    break;
                }
            }
        }
        return out;
    }

    private static boolean waitsForConsumer(ClusterIndex index, String sc) {
        JsonNode cls = sc == null ? defaultClass(index) : index.get("StorageClass", null, sc);
        return cls != null && "WaitForFirstConsumer".equals(cls.path("volumeBindingMode").asString(""));
    }

    private static JsonNode defaultClass(ClusterIndex index) {
        for (JsonNode sc : index.objects("StorageClass")) {
            if ("true".equals(K8s.annotation(sc, "storageclass.kubernetes.io/is-default-class"))) return sc;
        }
        return null;
    }

    private static Finding statefulSet(ClusterIndex index, JsonNode sts) {
        String ns = K8s.namespace(sts);
        ObjectRef ref = ObjectRef.of(sts);
        List<String> causes = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        int want = sts.path("spec").path("replicas").asInt(1);
        int ready = sts.path("status").path("readyReplicas").asInt(0);
        // a wrong governing Service or class is latent until the replicas are short for it
        boolean tied = false;
        String svcName = K8s.text(sts.path("spec").get("serviceName"));
        if (svcName != null && !svcName.isEmpty() && !index.objects("Service").isEmpty()) {
            JsonNode svc = index.get("Service", ns, svcName);
            if (svc == null) {
                causes.add("governing Service " + svcName + " does not exist");
                ev.add(Evidence.spec("serviceName: " + svcName));
            } else if (!"None".equals(svc.path("spec").path("clusterIP").asString("None"))) {
                causes.add("governing Service " + svcName + " is not headless (clusterIP "
                        + svc.path("spec").path("clusterIP").asString() + "), so pods get no stable DNS names");
                ev.add(Evidence.related("Service " + svcName + " clusterIP " + svc.path("spec").path("clusterIP").asString()));
            }
            if (!causes.isEmpty()) {
                String use = PerPodDns.use(index, sts, svcName);
                if (use != null) {
                    ev.add(Evidence.related("per-pod DNS names are used: " + use));
                    tied = true;
                }
            }
        }
        boolean claimsFail = false;
        for (JsonNode e : index.events(sts)) {
            if ("FailedCreate".equals(e.path("reason").asString(""))) {
                ev.add(Evidence.event("FailedCreate: " + e.path("message").asString("")));
                claimsFail |= e.path("message").asString("").contains("Claim");
            }
        }
        for (JsonNode t : sts.path("spec").path("volumeClaimTemplates")) {
            String sc = K8s.text(t.path("spec").get("storageClassName"));
            if (sc != null && !index.objects("StorageClass").isEmpty() && index.get("StorageClass", null, sc) == null) {
                causes.add("volumeClaimTemplate " + K8s.name(t) + " uses StorageClass " + sc + ", which does not exist");
                ev.add(Evidence.spec("volumeClaimTemplates[" + K8s.name(t) + "].storageClassName: " + sc));
                tied |= claimsFail || pendingClaim(index, ns, K8s.name(t) + "-" + ref.name() + "-");
            }
        }
        if (causes.isEmpty()) return null;
        // manifests have no status: how many replicas run is unknown, not zero
        boolean running = index.snapshot().coverage() != Coverage.MANIFESTS;
        if (running) ev.add(Evidence.status(ready + "/" + want + " replicas ready"));
        Symptom symptom = tied && running ? SeverityRules.ofReplicas(ready, want) : Symptom.NONE;
        return FindingDraft.of(Category.StatefulSetMisconfigured, Problem.MISCONFIGURATION, symptom, ref)
                .summary("StatefulSetMisconfigured: StatefulSet " + ns + "/" + ref.name() + ": " + causes.get(0))
                .rootCause(String.join("; ", causes)).evidence(ev)
                .remediate(Remediation.command("Inspect the StatefulSet", "kubectl describe statefulset -n " + ns + " "
                        + ref.name()))
                .build();
    }

    private static boolean pendingClaim(ClusterIndex index, String ns, String prefix) {
        for (JsonNode pvc : index.snapshot().objects("PersistentVolumeClaim", ns)) {
            if (K8s.name(pvc).startsWith(prefix) && "Pending".equals(pvc.path("status").path("phase").asString(""))) {
                return true;
            }
        }
        return false;
    }
}
