package dev.aiops.infra.k8s.demo;

import static dev.aiops.infra.k8s.demo.DemoControlPlane.replicas;
import static dev.aiops.infra.k8s.demo.DemoControllers.CONTROLLER_REVISION_HASH;
import static dev.aiops.infra.k8s.demo.DemoStore.APPS;
import static dev.aiops.infra.k8s.demo.DemoTemplates.podTemplateHash;
import static dev.aiops.infra.k8s.demo.DemoTemplates.template;

import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The StatefulSet controller (for {@link DemoControllers}): pods {@code <sts>-0..n-1} of the update revision, older
 * ones replaced, extra ordinals removed.
 */
final class DemoStatefulSets {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoControlPlane cp;
    private final DemoStore store;
    private final DemoPods kubelet;

    DemoStatefulSets(DemoControlPlane cp) {
        this.cp = cp;
        this.store = cp.store();
        this.kubelet = cp.kubelet();
    }

    /** Brings the pods of a StatefulSet in line; {@code before} is its state before the write. */
    void reconcile(String ns, String name, JsonNode before) {
        ObjectNode sts = store.get(APPS + ns + "/statefulsets/" + name);
        if (sts == null) return;
        String now = cp.now();
        int desired = replicas(sts);
        JsonNode wanted = template(sts.path("spec").path("template"));
        String kept = K8s.text(sts.path("status").get("updateRevision"));
        String revision = before != null && kept != null
                && template(before.path("spec").path("template")).equals(wanted)
                ? kept : name + "-" + podTemplateHash(wanted, 0);
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        List<ObjectNode> gone = new ArrayList<>();
        for (ObjectNode pod : cp.podsOwnedBy(ns, K8s.uid(sts))) {
            String podName = K8s.name(pod);
            int ordinal = ordinal(name, podName);
            if (ordinal < 0 || ordinal >= desired || !revision.equals(K8s.label(pod, CONTROLLER_REVISION_HASH))) {
                gone.add(pod);
            } else {
                byName.put(podName, pod);
            }
        }
        cp.deletePods(ns, gone);
        List<ObjectNode> pods = new ArrayList<>();
        List<JsonNode> nodes = kubelet.nodes();
        Map<String, Integer> perNode = new HashMap<>();
        byName.values().forEach(p -> perNode.merge(K8s.text(p.path("spec").get("nodeName")), 1, Integer::sum));
        Set<String> ips = kubelet.usedIps();
        for (int i = 0; i < desired; i++) {
            ObjectNode existing = byName.get(name + "-" + i);
            if (existing != null) {
                pods.add(existing);
                continue;
            }
            ObjectNode pod = kubelet.podFrom(sts.path("spec").path("template"), ns, name + "-" + i, name + "-", sts);
            ObjectNode labels = (ObjectNode) pod.path("metadata").get("labels");
            labels.put(CONTROLLER_REVISION_HASH, revision);
            labels.put("statefulset.kubernetes.io/pod-name", name + "-" + i);
            labels.put("apps.kubernetes.io/pod-index", String.valueOf(i));
            ObjectNode spec = (ObjectNode) pod.get("spec");
            spec.put("hostname", name + "-" + i);
            if (sts.path("spec").has("serviceName")) {
                spec.put("subdomain", sts.path("spec").path("serviceName").asString());
            }
            ArrayNode volumes = DemoPods.array(spec, "volumes");
            int at = 0;
            for (JsonNode claim : sts.path("spec").path("volumeClaimTemplates")) {
                String claimName = K8s.name(claim);
                ObjectNode v = JSON.createObjectNode();
                v.put("name", claimName);
                v.putObject("persistentVolumeClaim").put("claimName", claimName + "-" + name + "-" + i);
                volumes.insert(at++, v);
            }
            pods.add(kubelet.run(pod, nodes, perNode, ips, now));
        }
        ObjectNode updated = sts.deepCopy();
        int ready = (int) pods.stream().filter(DemoPods::ready).count();
        ObjectNode status = JSON.createObjectNode();
        status.set("observedGeneration", sts.path("metadata").path("generation"));
        status.put("replicas", pods.size());
        status.put("readyReplicas", ready);
        status.put("currentReplicas", pods.size());
        status.put("updatedReplicas", pods.size());
        status.put("currentRevision", revision);
        status.put("updateRevision", revision);
        status.put("collisionCount", sts.path("status").path("collisionCount").asInt(0));
        status.put("availableReplicas", ready);
        updated.set("status", status);
        if (!updated.equals(sts)) store.replace(APPS + ns + "/statefulsets/" + name, updated);
        if (!gone.isEmpty() || pods.size() != byName.size()) cp.endpoints(ns);
    }

    /** The ordinal of pod {@code <sts>-<n>}, -1 when it is not one of the StatefulSet's names. */
    static int ordinal(String sts, String pod) {
        if (!pod.startsWith(sts + "-")) return -1;
        try {
            return Integer.parseInt(pod.substring(sts.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
