package dev.aiops.infra.k8s.demo;

import static dev.aiops.infra.k8s.demo.DemoControlPlane.annotations;
import static dev.aiops.infra.k8s.demo.DemoControllers.CONTROLLER_REVISION_HASH;
import static dev.aiops.infra.k8s.demo.DemoStore.APPS;
import static dev.aiops.infra.k8s.demo.DemoTemplates.podTemplateHash;
import static dev.aiops.infra.k8s.demo.DemoTemplates.template;

import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The DaemonSet controller (for {@link DemoControllers}): one pod of the current template per eligible node. */
final class DemoDaemonSets {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoControlPlane cp;
    private final DemoStore store;
    private final DemoPods kubelet;

    DemoDaemonSets(DemoControlPlane cp) {
        this.cp = cp;
        this.store = cp.store();
        this.kubelet = cp.kubelet();
    }

    /** One pod of the current template on every node that the DaemonSet's node selector admits. */
    void reconcile(String ns, String name) {
        ObjectNode ds = store.get(APPS + ns + "/daemonsets/" + name);
        if (ds == null) return;
        String now = cp.now();
        String hash = podTemplateHash(template(ds.path("spec").path("template")), 0);
        long generation = ds.path("metadata").path("generation").asLong(1);
        JsonNode selector = ds.path("spec").path("template").path("spec").path("nodeSelector");
        List<JsonNode> eligible = kubelet.nodes().stream().filter(n -> DemoPods.selects(selector, n)).toList();
        Set<String> eligibleNames = new HashSet<>();
        eligible.forEach(n -> eligibleNames.add(K8s.name(n)));
        Map<String, ObjectNode> onNode = new HashMap<>();
        List<ObjectNode> gone = new ArrayList<>();
        for (ObjectNode pod : cp.podsOwnedBy(ns, K8s.uid(ds))) {
            String node = K8s.text(pod.path("spec").get("nodeName"));
            if (!hash.equals(K8s.label(pod, CONTROLLER_REVISION_HASH)) || !eligibleNames.contains(node)
                    || onNode.containsKey(node)) {
                gone.add(pod);
            } else {
                onNode.put(node, pod);
            }
        }
        cp.deletePods(ns, gone);
        List<ObjectNode> pods = new ArrayList<>();
        Set<String> ips = kubelet.usedIps();
        int added = 0;
        for (JsonNode node : eligible) {
            ObjectNode existing = onNode.get(K8s.name(node));
            if (existing != null) {
                pods.add(existing);
                continue;
            }
            ObjectNode pod = kubelet.podFrom(ds.path("spec").path("template"), ns, name + "-" + cp.suffix(name),
                    name + "-", ds);
            ObjectNode labels = (ObjectNode) pod.path("metadata").get("labels");
            labels.put(CONTROLLER_REVISION_HASH, hash);
            labels.put("pod-template-generation", String.valueOf(generation));
            ObjectNode spec = (ObjectNode) pod.get("spec");
            ObjectNode term = JSON.createObjectNode();
            ObjectNode field = term.putArray("matchFields").addObject();
            field.put("key", "metadata.name");
            field.put("operator", "In");
            field.putArray("values").add(K8s.name(node));
            DemoPods.object(spec, "affinity").putObject("nodeAffinity")
                    .putObject("requiredDuringSchedulingIgnoredDuringExecution")
                    .putArray("nodeSelectorTerms").add(term);
            ArrayNode tolerations = (ArrayNode) spec.get("tolerations");
            for (String key : new String[] {"node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure",
                "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable"}) {
                if (!DemoPods.hasToleration(tolerations, key)) {
                    ObjectNode t = tolerations.addObject();
                    t.put("key", key);
                    t.put("operator", "Exists");
                    t.put("effect", "NoSchedule");
                }
            }
            for (JsonNode t : tolerations) {
                if (t instanceof ObjectNode o && "NoExecute".equals(K8s.text(o.get("effect")))) {
                    o.remove("tolerationSeconds"); // daemon pods stay on unreachable nodes
                }
            }
            pods.add(kubelet.run(pod, List.of(node), new HashMap<>(), ips, now));
            added++;
        }
        ObjectNode updated = ds.deepCopy();
        annotations(updated).put("deprecated.daemonset.template.generation", String.valueOf(generation));
        int ready = (int) pods.stream().filter(DemoPods::ready).count();
        ObjectNode status = JSON.createObjectNode();
        status.put("currentNumberScheduled", pods.size());
        status.put("numberMisscheduled", 0);
        status.put("desiredNumberScheduled", eligible.size());
        status.put("numberReady", ready);
        status.put("observedGeneration", generation);
        status.put("updatedNumberScheduled", pods.size());
        status.put("numberAvailable", ready);
        if (ready < eligible.size()) status.put("numberUnavailable", eligible.size() - ready);
        updated.set("status", status);
        if (!updated.equals(ds)) store.replace(APPS + ns + "/daemonsets/" + name, updated);
        if (!gone.isEmpty() || added > 0) cp.endpoints(ns);
    }
}
