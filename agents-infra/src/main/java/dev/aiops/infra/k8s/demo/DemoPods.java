package dev.aiops.infra.k8s.demo;

import static dev.aiops.infra.k8s.demo.DemoControllers.POD_TEMPLATE_HASH;
import static dev.aiops.infra.k8s.demo.DemoStore.CORE;

import dev.aiops.infra.k8s.K8s;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admission plugins, the scheduler and the kubelet of the demo cluster, for the pods the simulated
 * controllers make: a pod from a template gets the defaults and the service account token volume a real API
 * server adds, a node (the one with the fewest of its siblings that its node selector admits), an IP of that
 * node's pod CIDR (a free one picked from its name; the node's own with {@code hostNetwork}), and runs: phase
 * Running, Ready, every container running since now, ready, never restarted. Image and container ids are
 * hashes of the image and the pod, so they look real and stay the same from run to run.
 */
final class DemoPods {

    /** The characters Kubernetes uses for generated names (no vowels, no 0, 1, 3). */
    static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoStore store;

    DemoPods(DemoStore store) {
        this.store = store;
    }

    /** A pod of {@code template} owned by {@code owner}, not yet scheduled. */
    ObjectNode podFrom(JsonNode template, String ns, String name, String generateName, JsonNode owner) {
        ObjectNode pod = JSON.createObjectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", name);
        meta.put("generateName", generateName);
        meta.put("namespace", ns);
        ObjectNode labels = meta.putObject("labels");
        labels.setAll(labelsOf(template));
        labels.remove(POD_TEMPLATE_HASH);
        JsonNode annotations = template.path("metadata").path("annotations");
        if (annotations.isObject() && !annotations.isEmpty()) {
            meta.set("annotations", annotations.deepCopy());
        }
        meta.putArray("ownerReferences").add(ownerReference(owner));
        ObjectNode spec = template.path("spec").isObject() ? ((ObjectNode) template.get("spec")).deepCopy()
                : JSON.createObjectNode();
        String account = spec.path("serviceAccountName").asString(spec.path("serviceAccount").asString("default"));
        spec.put("serviceAccountName", account);
        spec.put("serviceAccount", account);
        if (spec.path("automountServiceAccountToken").asBoolean(true)) serviceAccountToken(spec, name);
        ArrayNode tolerations = array(spec, "tolerations");
        for (String key : new String[] {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
            if (!hasToleration(tolerations, key)) {
                ObjectNode t = tolerations.addObject();
                t.put("key", key);
                t.put("operator", "Exists");
                t.put("effect", "NoExecute");
                t.put("tolerationSeconds", 300);
            }
        }
        if (!spec.has("priority")) spec.put("priority", 0);
        if (!spec.has("enableServiceLinks")) spec.put("enableServiceLinks", true);
        if (!spec.has("preemptionPolicy")) spec.put("preemptionPolicy", "PreemptLowerPriority");
        pod.set("spec", spec);
        return pod;
    }

    /** The projected service account token volume the admission plugin adds, mounted in every container. */
    private static void serviceAccountToken(ObjectNode spec, String podName) {
        String volume = "kube-api-access-" + encode(sha256(podName + "/token"), 5);
        ObjectNode v = JSON.createObjectNode();
        v.put("name", volume);
        ObjectNode projected = v.putObject("projected");
        ArrayNode sources = projected.putArray("sources");
        ObjectNode token = sources.addObject().putObject("serviceAccountToken");
        token.put("expirationSeconds", 3607);
        token.put("path", "token");
        ObjectNode cm = sources.addObject().putObject("configMap");
        cm.put("name", "kube-root-ca.crt");
        ObjectNode item = cm.putArray("items").addObject();
        item.put("key", "ca.crt");
        item.put("path", "ca.crt");
        ObjectNode downward = sources.addObject().putObject("downwardAPI").putArray("items").addObject();
        downward.put("path", "namespace");
        ObjectNode ref = downward.putObject("fieldRef");
        ref.put("apiVersion", "v1");
        ref.put("fieldPath", "metadata.namespace");
        projected.put("defaultMode", 420);
        array(spec, "volumes").add(v);
        for (String field : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(field)) {
                if (!(c instanceof ObjectNode container)) continue;
                ObjectNode mount = array(container, "volumeMounts").addObject();
                mount.put("name", volume);
                mount.put("readOnly", true);
                mount.put("mountPath", "/var/run/secrets/kubernetes.io/serviceaccount");
            }
        }
    }

    /** Schedules the pod on the node with the fewest of its siblings, starts it and stores it. */
    ObjectNode run(ObjectNode pod, List<JsonNode> nodes, Map<String, Integer> perNode, Set<String> ips,
                           String now) {
        ObjectNode spec = (ObjectNode) pod.get("spec");
        JsonNode node = null;
        for (JsonNode n : nodes) {
            if (!selects(spec.path("nodeSelector"), n) || n.path("spec").path("unschedulable").asBoolean(false)) {
                continue;
            }
            if (node == null || perNode.getOrDefault(K8s.name(n), 0) < perNode.getOrDefault(K8s.name(node), 0)) {
                node = n;
            }
        }
        if (node == null && !nodes.isEmpty()) node = nodes.get(0);
        String nodeName = node == null ? null : K8s.name(node);
        if (nodeName != null) {
            spec.put("nodeName", nodeName);
            perNode.merge(nodeName, 1, Integer::sum);
        }
        String hostIp = node == null ? null : internalIp(node);
        String podIp = spec.path("hostNetwork").asBoolean(false) ? hostIp : podIp(node, K8s.name(pod), ips);
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Running");
        ArrayNode conditions = status.putArray("conditions");
        for (String type : new String[] {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
            "PodScheduled"}) {
            ObjectNode c = conditions.addObject();
            c.put("type", type);
            c.put("status", "True");
            c.putNull("lastProbeTime");
            c.put("lastTransitionTime", now);
        }
        if (hostIp != null) {
            status.put("hostIP", hostIp);
            status.putArray("hostIPs").addObject().put("ip", hostIp);
        }
        if (podIp != null) {
            status.put("podIP", podIp);
            status.putArray("podIPs").addObject().put("ip", podIp);
        }
        status.put("startTime", now);
        if (spec.path("initContainers").isArray() && !spec.path("initContainers").isEmpty()) {
            ArrayNode init = status.putArray("initContainerStatuses");
            for (JsonNode c : spec.path("initContainers")) {
                ObjectNode cs = containerStatus(K8s.name(pod), c, now);
                ObjectNode terminated = JSON.createObjectNode();
                terminated.put("exitCode", 0);
                terminated.put("reason", "Completed");
                terminated.put("startedAt", now);
                terminated.put("finishedAt", now);
                terminated.put("containerID", cs.path("containerID").asString());
                cs.putObject("state").set("terminated", terminated);
                cs.put("started", false);
                init.add(cs);
            }
        }
        ArrayNode statuses = status.putArray("containerStatuses");
        for (JsonNode c : spec.path("containers")) statuses.add(containerStatus(K8s.name(pod), c, now));
        status.put("qosClass", qosClass(spec));
        return start(pod, now);
    }

    /**
     * Stores {@code pod} with the status {@code like} had, as if it had gone the same way since now: same phase,
     * conditions, container states and restarts, with new times, container ids and (on the same node) IP.
     */
    ObjectNode rerun(ObjectNode pod, JsonNode like, String now) {
        ObjectNode status = like.path("status") instanceof ObjectNode s ? s.deepCopy() : JSON.createObjectNode();
        if (status.has("startTime")) status.put("startTime", now);
        for (JsonNode c : status.path("conditions")) {
            if (c instanceof ObjectNode o && o.hasNonNull("lastTransitionTime")) o.put("lastTransitionTime", now);
        }
        for (String field : new String[] {"initContainerStatuses", "containerStatuses"}) {
            for (JsonNode cs : status.path(field)) {
                if (!(cs instanceof ObjectNode o)) continue;
                for (String state : new String[] {"state", "lastState"}) {
                    for (JsonNode s : o.path(state)) {
                        if (!(s instanceof ObjectNode times)) continue;
                        for (String t : new String[] {"startedAt", "finishedAt"}) {
                            if (times.hasNonNull(t)) times.put(t, now);
                        }
                    }
                }
                if (o.hasNonNull("containerID")) {
                    o.put("containerID", "containerd://" + HexFormat.of().formatHex(
                            sha256("container " + K8s.name(pod) + "/" + K8s.text(o.get("name")))));
                }
            }
        }
        String ip = K8s.text(status.get("podIP"));
        if (ip != null && !ip.equals(K8s.text(status.get("hostIP")))) {
            JsonNode node = null;
            for (JsonNode n : nodes()) {
                if (K8s.name(n).equals(K8s.text(pod.path("spec").get("nodeName")))) node = n;
            }
            String fresh = podIp(node, K8s.name(pod), usedIps());
            status.put("podIP", fresh);
            status.putArray("podIPs").addObject().put("ip", fresh);
        }
        pod.set("status", status);
        return start(pod, now);
    }

    /** Stores the pod and, as metrics-server would soon, its PodMetrics if it runs ({@link DemoMetrics}). */
    private ObjectNode start(ObjectNode pod, String now) {
        ObjectNode created = store.create(CORE + K8s.namespace(pod) + "/pods", pod);
        DemoMetrics.publish(store, created, now);
        return created;
    }

    private static ObjectNode containerStatus(String pod, JsonNode container, String now) {
        String name = K8s.text(container.get("name"));
        String image = K8s.text(container.get("image"));
        ObjectNode cs = JSON.createObjectNode();
        cs.put("name", name);
        cs.putObject("state").putObject("running").put("startedAt", now);
        cs.putObject("lastState");
        cs.put("ready", true);
        cs.put("restartCount", 0);
        cs.put("image", image);
        String repository = image == null ? "" : image.replaceFirst("@.*$", "").replaceFirst(":[^:/]*$", "");
        cs.put("imageID", repository + "@sha256:" + HexFormat.of().formatHex(sha256("image " + image)));
        cs.put("containerID", "containerd://" + HexFormat.of().formatHex(sha256("container " + pod + "/" + name)));
        cs.put("started", true);
        return cs;
    }

    private static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (String field : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(field)) {
                JsonNode limits = c.path("resources").path("limits");
                JsonNode requests = c.path("resources").path("requests");
                if (!limits.isEmpty() || !requests.isEmpty()) any = true;
                for (String r : new String[] {"cpu", "memory"}) {
                    JsonNode limit = limits.get(r);
                    JsonNode request = requests.has(r) ? requests.get(r) : limit;
                    if (limit == null || !limit.equals(request)) guaranteed = false;
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    private static String internalIp(JsonNode node) {
        for (JsonNode a : node.path("status").path("addresses")) {
            if ("InternalIP".equals(K8s.text(a.get("type")))) return K8s.text(a.get("address"));
        }
        return null;
    }

    /** A free address of the node's pod CIDR (a /24 is assumed), picked from the pod name. */
    private static String podIp(JsonNode node, String pod, Set<String> used) {
        String cidr = node == null ? null : K8s.text(node.path("spec").get("podCIDR"));
        String prefix = cidr == null || !cidr.matches("\\d+\\.\\d+\\.\\d+\\.0/24") ? "10.244.0."
                : cidr.substring(0, cidr.lastIndexOf('.') + 1);
        int start = Math.floorMod(fnv32a(pod.getBytes(StandardCharsets.UTF_8)), 240);
        for (int i = 0; i < 240; i++) {
            String ip = prefix + (10 + (start + i) % 240);
            if (used.add(ip)) return ip;
        }
        return prefix + (10 + start);
    }

    Set<String> usedIps() {
        Set<String> ips = new HashSet<>();
        for (ObjectNode p : store.list("/api/v1/pods")) {
            String ip = K8s.text(p.path("status").get("podIP"));
            if (ip != null) ips.add(ip);
        }
        return ips;
    }

    List<JsonNode> nodes() {
        List<JsonNode> nodes = new ArrayList<>(store.list("/api/v1/nodes"));
        nodes.sort(Comparator.comparing(K8s::name));
        return nodes;
    }

    static boolean selects(JsonNode selector, JsonNode node) {
        if (!selector.isObject()) return true;
        for (Map.Entry<String, JsonNode> e : selector.properties()) {
            if (!e.getValue().asString().equals(K8s.label(node, e.getKey()))) return false;
        }
        return true;
    }

    static boolean ready(JsonNode pod) {
        if (pod.path("metadata").has("deletionTimestamp")) return false;
        for (JsonNode c : pod.path("status").path("conditions")) {
            if ("Ready".equals(K8s.text(c.get("type")))) return "True".equals(K8s.text(c.get("status")));
        }
        return false;
    }

    static boolean hasToleration(ArrayNode tolerations, String key) {
        for (JsonNode t : tolerations) {
            if (key.equals(K8s.text(t.get("key")))) return true;
        }
        return false;
    }

    static ObjectNode labelsOf(JsonNode template) {
        JsonNode labels = template.path("metadata").path("labels");
        return labels.isObject() ? ((ObjectNode) labels).deepCopy() : JSON.createObjectNode();
    }

    static ObjectNode ownerReference(JsonNode owner) {
        ObjectNode ref = JSON.createObjectNode();
        ref.put("apiVersion", K8s.text(owner.get("apiVersion")));
        ref.put("kind", K8s.kind(owner));
        ref.put("name", K8s.name(owner));
        ref.put("uid", K8s.uid(owner));
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return ref;
    }

    static String encode(byte[] bytes, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) sb.append(ALPHANUMS.charAt((bytes[i] & 0xff) % ALPHANUMS.length()));
        return sb.toString();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** FNV-32a, the hash the deployment controller names ReplicaSets with. */
    static int fnv32a(byte[] bytes) {
        int h = 0x811c9dc5;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return h;
    }

    /** The object field {@code name} of {@code parent}, added when missing. */
    static ObjectNode object(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode o ? o : parent.putObject(name);
    }

    /** The array field {@code name} of {@code parent}, added when missing. */
    static ArrayNode array(ObjectNode parent, String name) {
        return parent.get(name) instanceof ArrayNode a ? a : parent.putArray(name);
    }
}
