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
            if (reason.equals("ProvisioningFailed") || reason.equals("FailedBinding") || reason.equals("ExternalProvisioning")) {
                ev.add(Evidence.event(reason + ": " + e.path("message").asString("")));
                if (!reason.equals("ExternalProvisioning")) eventCause = e.path("message").asString("");
            }
        }
        List<String> classes = index.objects("StorageClass").stream().map(K8s::name).toList();
        String cause;
        Severity severity = Severity.HIGH;
        if (sc != null && !sc.isEmpty() && !index.objects("StorageClass").isEmpty()
                && index.get("StorageClass", null, sc) == null) {
            cause = "StorageClass " + sc + " does not exist (the cluster has " + String.join(", ", classes) + ")";
            ev.add(Evidence.spec("storageClassName: " + sc));
        } else if (sc == null && !index.objects("StorageClass").isEmpty() && defaultClass(index) == null) {
            cause = "the claim names no StorageClass and the cluster has no default StorageClass";
        } else if (eventCause != null) {
            cause = "provisioning fails: " + eventCause;
        } else if (waitsForConsumer(index, sc)) {
            cause = "StorageClass " + sc + " binds on first consumer and no pod uses the claim yet";
            severity = Severity.INFO;
        } else {
            cause = "no PersistentVolume matches the claim (" + pvc.path("spec").path("resources").path("requests")
                    .path("storage").asString("?") + ", " + pvc.path("spec").path("accessModes") + ")";
        }
        FindingDraft d = FindingDraft.of(Category.PVCPending, severity, ref)
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
        }
        for (JsonNode t : sts.path("spec").path("volumeClaimTemplates")) {
            String sc = K8s.text(t.path("spec").get("storageClassName"));
            if (sc != null && !index.objects("StorageClass").isEmpty() && index.get("StorageClass", null, sc) == null) {
                causes.add("volumeClaimTemplate " + K8s.name(t) + " uses StorageClass " + sc + ", which does not exist");
                ev.add(Evidence.spec("volumeClaimTemplates[" + K8s.name(t) + "].storageClassName: " + sc));
            }
        }
        for (JsonNode e : index.events(sts)) {
            if ("FailedCreate".equals(e.path("reason").asString(""))) {
                ev.add(Evidence.event("FailedCreate: " + e.path("message").asString("")));
            }
        }
        if (causes.isEmpty()) return null;
        int want = sts.path("spec").path("replicas").asInt(1);
        int ready = sts.path("status").path("readyReplicas").asInt(0);
        // manifests have no status: how many replicas run is unknown, not zero
        boolean running = index.snapshot().coverage() != Coverage.MANIFESTS;
        if (running) ev.add(Evidence.status(ready + "/" + want + " replicas ready"));
        return FindingDraft.of(Category.StatefulSetMisconfigured, running && ready < want ? Severity.HIGH : Severity.MEDIUM, ref)
                .summary("StatefulSetMisconfigured: StatefulSet " + ns + "/" + ref.name() + ": " + causes.get(0))
                .rootCause(String.join("; ", causes)).evidence(ev)
                .remediate(Remediation.command("Inspect the StatefulSet", "kubectl describe statefulset -n " + ns + " "
                        + ref.name()))
                .build();
    }
}
