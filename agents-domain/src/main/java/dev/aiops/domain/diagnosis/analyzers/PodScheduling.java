package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Quantities;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Why a Pending pod is not scheduled, with the resource, taint, selector or claim that blocks it. */
final class PodScheduling {

    private static final Pattern INSUFFICIENT = Pattern.compile("Insufficient ([a-z0-9/-]+(?:\\.[a-z0-9/-]+)*)");
    private static final Pattern TAINT = Pattern.compile("untolerated taint\\(?s?\\)? ?\\{?([^}]+)\\}?");
    private static final Pattern UNBOUND_PVC = Pattern.compile("unbound (?:immediate )?PersistentVolumeClaims");
    private static final Pattern MISSING_PVC = Pattern.compile("persistentvolumeclaim \"([^\"]+)\" not found");

    private PodScheduling() {
    }

    static List<PodProblem> of(ClusterIndex index, JsonNode pod) {
        if (!"Pending".equals(pod.path("status").path("phase").asString(""))) return List.of();
        String message = null;
        for (JsonNode cond : pod.path("status").path("conditions")) {
            if ("PodScheduled".equals(K8s.text(cond.get("type"))) && "False".equals(K8s.text(cond.get("status")))) {
                message = K8s.text(cond.get("message"));
                if (message == null) message = K8s.text(cond.get("reason"));
            }
        }
        JsonNode event = null;
        for (JsonNode e : index.events(pod)) {
            if ("FailedScheduling".equals(K8s.text(e.get("reason")))) event = e;
        }
        if (message == null && event == null) return List.of();
        if (event != null) message = event.path("message").asString(message);
        String ns = K8s.namespace(pod);
        String name = K8s.name(pod);
        List<Evidence> ev = new ArrayList<>();
        ev.add(Evidence.status("pod is Pending: PodScheduled=False"));
        ev.add(Evidence.event("FailedScheduling: " + message));
        List<Remediation> fix = new ArrayList<>();
        List<ObjectRef> related = new ArrayList<>();
        StringBuilder cause = new StringBuilder();
        Matcher m = INSUFFICIENT.matcher(message);
        List<String> resources = new ArrayList<>();
        while (m.find()) {
            if (!resources.contains(m.group(1))) resources.add(m.group(1));
        }
        for (String resource : resources) {
            double requested = requested(pod, resource);
            double largest = largestAllocatable(index, resource);
            boolean bytes = resource.equals("memory") || resource.startsWith("ephemeral");
            if (cause.length() > 0) cause.append("; ");
            cause.append("Insufficient ").append(resource).append(": the pod requests ")
                    .append(Double.isNaN(requested) ? "more " + resource : format(requested, bytes) + " " + resource);
            if (!Double.isNaN(largest)) {
                cause.append(requested > largest ? " but the largest node has only " : ", nodes have at most ")
                        .append(format(largest, bytes)).append(" allocatable");
                if (requested > largest) cause.append(", so no node can ever fit it");
            }
            String owner = ownerArg(index, pod);
            if (owner != null && !Double.isNaN(largest)) {
                fix.add(Remediation.destructive("Request no more " + resource + " than a node can offer (rolls the pods)",
                        "kubectl set resources " + owner + " -n " + ns + " --requests=" + resource + "="
                                + format(largest * 0.8, bytes)));
            }
            ev.add(Evidence.spec("requests " + resource + ": " + (Double.isNaN(requested) ? "?" : format(requested, bytes))));
        }
        Matcher missingClaim = MISSING_PVC.matcher(message);
        if (resources.isEmpty() && missingClaim.find()) {
            return missingClaim(index, pod, missingClaim.group(1), ev);
        }
        if (resources.isEmpty()) {
            Matcher t = TAINT.matcher(message);
            if (t.find()) {
                cause.append("every node has a taint the pod does not tolerate: ").append(t.group(1).strip());
            } else if (UNBOUND_PVC.matcher(message).find()) {
                cause.append("the pod waits for a PersistentVolumeClaim that is not bound");
                for (JsonNode v : pod.path("spec").path("volumes")) {
                    String claim = K8s.text(v.path("persistentVolumeClaim").get("claimName"));
                    if (claim != null) {
                        JsonNode pvc = index.get("PersistentVolumeClaim", ns, claim);
                        String phase = pvc == null ? "missing" : pvc.path("status").path("phase").asString("Pending");
                        cause.append(": ").append(claim).append(" is ").append(phase);
                        String sc = pvc == null ? null : K8s.text(pvc.path("spec").get("storageClassName"));
                        if (sc != null && index.get("StorageClass", null, sc) == null) {
                            cause.append(" (StorageClass ").append(sc).append(" does not exist)");
                        }
                        related.add(new ObjectRef("PersistentVolumeClaim", ns, claim));
                    }
                }
            } else if (message.contains("node affinity") || message.contains("node selector")
                    || message.contains("didn't match Pod's node")) {
                cause.append("no node matches the pod's node selector/affinity ")
                        .append(pod.path("spec").path("nodeSelector").toString());
            } else {
                cause.append(message);
            }
            fix.add(Remediation.command("See why each node was rejected", "kubectl describe pod -n " + ns + " " + name));
        }
        return List.of(new PodProblem(Category.Unschedulable, Problem.FAILURE, Symptom.DEGRADED, "pod cannot be scheduled",
                cause.toString(), ev, fix, related));
    }

    /**
     * The scheduler will not place a pod whose claim does not exist: the pod is unschedulable, and the cause is a
     * volume the pod cannot get. Both are reported, with the volume that names the claim and the claims that exist.
     */
    private static List<PodProblem> missingClaim(ClusterIndex index, JsonNode pod, String claim, List<Evidence> ev) {
        String ns = K8s.namespace(pod);
        String volume = null;
        for (JsonNode v : pod.path("spec").path("volumes")) {
            if (claim.equals(K8s.text(v.path("persistentVolumeClaim").get("claimName")))) volume = K8s.text(v.get("name"));
        }
        List<String> existing = new ArrayList<>();
        for (JsonNode pvc : index.snapshot().objects("PersistentVolumeClaim", ns)) existing.add(K8s.name(pvc));
        String cause = "PersistentVolumeClaim " + ns + "/" + claim + " does not exist"
                + (volume == null ? "" : "; volume " + volume + " of the pod refers to it")
                + (existing.isEmpty() ? "" : " (claims in " + ns + ": " + String.join(", ", existing) + ")");
        List<Evidence> evidence = new ArrayList<>(ev);
        if (volume != null) evidence.add(Evidence.spec("volume " + volume + ": persistentVolumeClaim.claimName " + claim));
        List<Remediation> fix = List.of(
                Remediation.command("Create the claim, or point the volume at an existing one",
                        "kubectl get pvc -n " + ns),
                Remediation.command("See the pod's volumes", "kubectl get pod -n " + ns + " " + K8s.name(pod)
                        + " -o jsonpath='{.spec.volumes}'"));
        List<ObjectRef> related = List.of(new ObjectRef("PersistentVolumeClaim", ns, claim));
        return List.of(
                new PodProblem(Category.VolumeMountError, Problem.FAILURE, Symptom.DEGRADED, "PersistentVolumeClaim " + claim + " does not exist",
                        cause, evidence, fix, related),
                new PodProblem(Category.Unschedulable, Problem.FAILURE, Symptom.DEGRADED, "pod cannot be scheduled", cause, evidence, fix,
                        related));
    }

    private static String format(double v, boolean bytes) {
        return bytes ? Quantities.bytes(v) : Quantities.cores(v);
    }

    private static double requested(JsonNode pod, String resource) {
        double sum = 0;
        boolean any = false;
        for (JsonNode c : pod.path("spec").path("containers")) {
            double q = Quantities.parse(K8s.text(c.path("resources").path("requests").get(resource)));
            if (!Double.isNaN(q)) {
                sum += q;
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    private static double largestAllocatable(ClusterIndex index, String resource) {
        double max = Double.NaN;
        for (JsonNode node : index.objects("Node")) {
            double q = Quantities.parse(K8s.text(node.path("status").path("allocatable").get(resource)));
            if (!Double.isNaN(q) && (Double.isNaN(max) || q > max)) max = q;
        }
        return max;
    }

    private static String ownerArg(ClusterIndex index, JsonNode pod) {
        ObjectRef owner = index.ownerOf(pod);
        return owner == null ? null : owner.kind().toLowerCase() + "/" + owner.name();
    }
}
