package dev.aiops.infra.k8s.demo;

import static dev.aiops.infra.k8s.demo.DemoPods.ALPHANUMS;
import static dev.aiops.infra.k8s.demo.DemoStore.APPS;
import static dev.aiops.infra.k8s.demo.DemoStore.CORE;

import dev.aiops.infra.k8s.K8s;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the workload controllers, the scheduler, the kubelet and the endpoints controller of a real cluster would
 * have done once a change has rolled out, done at once and deterministically, for the demo cluster only. The
 * dispatcher calls it after a successful write of a Deployment, StatefulSet or DaemonSet (and after a delete, for
 * the garbage collector); it reads and writes through the dispatcher's own CRUD store ({@link DemoStore}).
 *
 * <ul>
 *   <li>Deployment (not paused): the ReplicaSet whose pod template equals the Deployment's (the
 *       {@code pod-template-hash} label aside) becomes the current one, or a new one {@code <deploy>-<hash>} is made
 *       with revision max + 1; an old one rolled back to gets revision max + 1. The current ReplicaSet gets the
 *       desired replicas, the others 0 and lose their pods; pods are added to or removed from the current one, and
 *       the statuses of both and the Deployment's revision annotation follow, with ScalingReplicaSet events.</li>
 *   <li>StatefulSet: pods {@code <sts>-0..n-1} of the update revision, older ones replaced, extra ordinals
 *       removed.</li>
 *   <li>DaemonSet: one pod of the current template on every node that its node selector admits.</li>
 *   <li>New pods run ({@link DemoPods}): phase Running, Ready, every container running since now and ready,
 *       whatever the template says (nothing checks that the image exists or that a referenced Secret does). The
 *       Endpoints of the Services in the namespace are recomputed. Deleted pods go at once; their events stay, as
 *       they would for an hour in a real cluster.</li>
 * </ul>
 * Names are deterministic: the template hash is FNV-32a of the template's canonical JSON encoded like the
 * deployment controller does, pod suffixes come from a counter. Only uids and timestamps vary.
 */
final class DemoControllers {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final String CONTROLLER_REVISION_HASH = "controller-revision-hash";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoStore store;
    private final DemoPods kubelet;
    private final Supplier<Instant> clock;
    /** Counts the names made, so that a name is never made twice (events are found by the name of their object). */
    private long made;

    DemoControllers(DemoApiDispatcher api, Supplier<Instant> clock) {
        this.store = new DemoStore(api);
        this.kubelet = new DemoPods(store);
        this.clock = clock;
    }

    // ---- entry points ----

    /**
     * Whether a write that took a Deployment, StatefulSet or DaemonSet from {@code before} (null when it was
     * created) to {@code after} is one the controller acts on: created, or its pod template, replicas or paused
     * flag changed.
     */
    static boolean changed(JsonNode before, JsonNode after) {
        if (after == null) return false;
        if (before == null) return true;
        JsonNode b = before.path("spec");
        JsonNode a = after.path("spec");
        return !template(b.path("template")).equals(template(a.path("template")))
                || !Objects.equals(b.get("replicas"), a.get("replicas"))
                || b.path("paused").asBoolean(false) != a.path("paused").asBoolean(false);
    }

    /** Brings the pods of a workload in line with its spec; {@code before} is its state before the write. */
    void reconcile(String kind, String namespace, String name, JsonNode before) {
        switch (kind) {
            case "Deployment" -> deployment(namespace, name);
            case "StatefulSet" -> statefulSet(namespace, name, before);
            case "DaemonSet" -> daemonSet(namespace, name);
            default -> {
            }
        }
    }

    /**
     * The garbage collector: removes what the deleted object owned (ReplicaSets, pods), as a background deletion
     * would, and the Endpoints of a deleted Service; the controller of a deleted pod replaces it
     * ({@link #replacePod}); and the endpoints controller follows when pods went.
     */
    void deleted(JsonNode object) {
        if (object == null || K8s.uid(object) == null) return;
        String ns = K8s.namespace(object);
        if (ns == null) return;
        Set<String> owners = new HashSet<>();
        owners.add(K8s.uid(object));
        for (ObjectNode rs : store.list(APPS + ns + "/replicasets")) {
            if (ownedByAny(rs, owners)) {
                store.delete(APPS + ns + "/replicasets/" + K8s.name(rs));
                owners.add(K8s.uid(rs));
            }
        }
        List<ObjectNode> gone = new ArrayList<>();
        for (ObjectNode pod : store.list(CORE + ns + "/pods")) {
            if (ownedByAny(pod, owners)) gone.add(pod);
        }
        deletePods(ns, gone);
        if ("Pod".equals(K8s.kind(object)) && object instanceof ObjectNode pod) replacePod(pod);
        if ("Service".equals(K8s.kind(object))) store.delete(CORE + ns + "/endpoints/" + K8s.name(object));
        if (!gone.isEmpty() || "Pod".equals(K8s.kind(object))) endpoints(ns);
    }

    /**
     * The ReplicaSet, StatefulSet or DaemonSet controller after one of its pods was deleted by hand: a new pod
     * takes its place (a StatefulSet's under the same name), and it fares as the deleted one did. A healthy pod is
     * replaced by a healthy one; a failing one by one that fails the same way, with its status, events and logs
     * (deleting a pod does not fix what made it fail).
     */
    private void replacePod(ObjectNode gone) {
        JsonNode ref = K8s.controllerOf(gone);
        String ns = K8s.namespace(gone);
        String kind = ref == null ? "" : String.valueOf(K8s.text(ref.get("kind")));
        String plural = switch (kind) {
            case "ReplicaSet" -> "replicasets";
            case "StatefulSet" -> "statefulsets";
            case "DaemonSet" -> "daemonsets";
            default -> null;
        };
        if (plural == null) return;
        ObjectNode owner = store.get(APPS + ns + "/" + plural + "/" + K8s.text(ref.get("name")));
        if (owner == null || !Objects.equals(K8s.uid(owner), K8s.text(ref.get("uid")))) return;
        List<ObjectNode> siblings = podsOwnedBy(ns, K8s.uid(owner));
        String name;
        if ("StatefulSet".equals(kind)) {
            if (ordinal(K8s.name(owner), K8s.name(gone)) >= replicas(owner)) return;
            name = K8s.name(gone);
        } else {
            if ("ReplicaSet".equals(kind) && siblings.size() >= owner.path("spec").path("replicas").asInt(1)) return;
            name = K8s.name(owner) + "-" + suffix(K8s.name(owner));
        }
        ObjectNode pod = JSON.createObjectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", name);
        for (String field : new String[] {"generateName", "namespace", "labels", "annotations", "ownerReferences"}) {
            JsonNode v = gone.path("metadata").get(field);
            if (v != null && !v.isNull()) meta.set(field, v.deepCopy());
        }
        pod.set("spec", gone.path("spec").deepCopy());
        String now = now();
        if (DemoPods.ready(gone)) {
            String node = K8s.text(gone.path("spec").get("nodeName"));
            List<JsonNode> nodes = kubelet.nodes().stream()
                    .filter(n -> !"DaemonSet".equals(kind) || K8s.name(n).equals(node)).toList();
            Map<String, Integer> perNode = new HashMap<>();
            siblings.forEach(p -> perNode.merge(String.valueOf(K8s.text(p.path("spec").get("nodeName"))), 1,
                    Integer::sum));
            kubelet.run(pod, nodes, perNode, kubelet.usedIps(), now);
            return;
        }
        ObjectNode replacement = kubelet.rerun(pod, gone, now);
        if (name.equals(K8s.name(gone))) return; // its events and logs are found by its name already
        store.copyLogs(ns, K8s.name(gone), name);
        for (ObjectNode e : store.list(CORE + ns + "/events")) {
            JsonNode about = e.path("involvedObject");
            if (!"Pod".equals(K8s.text(about.get("kind"))) || !K8s.name(gone).equals(K8s.text(about.get("name")))) {
                continue;
            }
            ObjectNode copy = e.deepCopy();
            ObjectNode copyMeta = (ObjectNode) copy.get("metadata");
            for (String field : new String[] {"uid", "resourceVersion", "creationTimestamp"}) copyMeta.remove(field);
            String id = HexFormat.of().formatHex(DemoPods.sha256("event " + name + " " + (made++)));
            copyMeta.put("name", name + "." + id.substring(0, 16));
            ObjectNode involved = (ObjectNode) copy.get("involvedObject");
            involved.put("name", name);
            involved.put("uid", K8s.uid(replacement));
            involved.put("resourceVersion", K8s.text(replacement.path("metadata").get("resourceVersion")));
            copy.put("message", copy.path("message").asString("").replace(K8s.name(gone), name));
            for (String field : new String[] {"firstTimestamp", "lastTimestamp", "eventTime"}) {
                if (copy.hasNonNull(field)) copy.put(field, now);
            }
            store.create(CORE + ns + "/events", copy);
        }
    }

    // ---- Deployment ----

    private void deployment(String ns, String name) {
        ObjectNode d = store.get(APPS + ns + "/deployments/" + name);
        if (d == null || d.path("spec").path("paused").asBoolean(false)) return;
        String now = now();
        int desired = replicas(d);
        JsonNode wanted = template(d.path("spec").path("template"));
        List<ObjectNode> owned = new ArrayList<>();
        for (ObjectNode rs : store.list(APPS + ns + "/replicasets")) {
            if (ownedBy(rs, K8s.uid(d))) owned.add(rs);
        }
        owned.sort(Comparator.comparingLong(DemoControllers::revision).thenComparing(K8s::name));
        long maxRevision = owned.stream().mapToLong(DemoControllers::revision).max().orElse(0);
        ObjectNode current = null;
        for (ObjectNode rs : owned) {
            if (template(rs.path("spec").path("template")).equals(wanted)) current = rs; // the newest of equals
        }
        int maxReplicas = desired + surge(d, desired);
        List<String> scaled = new ArrayList<>();
        if (current == null) {
            current = store.create(APPS + ns + "/replicasets",
                    newReplicaSet(d, wanted, maxRevision + 1, desired, maxReplicas));
            if (desired > 0) scaled.add("Scaled up replica set " + K8s.name(current) + " to " + desired);
        } else {
            ObjectNode rs = current.deepCopy();
            ObjectNode annotations = annotations(rs);
            copyDeploymentAnnotations(d, annotations);
            long revision = revision(rs);
            if (revision < maxRevision) {
                String history = K8s.text(annotations.get(REVISION_HISTORY));
                annotations.put(REVISION_HISTORY, (history == null ? "" : history + ",") + revision);
                annotations.put(REVISION, String.valueOf(maxRevision + 1));
            }
            annotations.put(DESIRED_REPLICAS, String.valueOf(desired));
            annotations.put(MAX_REPLICAS, String.valueOf(maxReplicas));
            int was = rs.path("spec").path("replicas").asInt(1);
            ((ObjectNode) rs.get("spec")).put("replicas", desired);
            if (!rs.equals(current)) current = store.replace(APPS + ns + "/replicasets/" + K8s.name(rs), rs);
            if (was < desired) scaled.add("Scaled up replica set " + K8s.name(rs) + " to " + desired);
            if (was > desired) {
                scaled.add("Scaled down replica set " + K8s.name(rs) + " to " + desired + " from " + was);
            }
        }
        Set<String> podsChanged = new HashSet<>();
        for (ObjectNode rs : owned) {
            if (K8s.uid(rs).equals(K8s.uid(current))) continue;
            int was = rs.path("spec").path("replicas").asInt(1);
            ObjectNode updated = rs.deepCopy();
            ((ObjectNode) updated.get("spec")).put("replicas", 0);
            annotations(updated).put(DESIRED_REPLICAS, String.valueOf(desired));
            annotations(updated).put(MAX_REPLICAS, String.valueOf(maxReplicas));
            if (!updated.equals(rs)) updated = store.replace(APPS + ns + "/replicasets/" + K8s.name(rs), updated);
            if (was != 0) scaled.add("Scaled down replica set " + K8s.name(rs) + " to 0 from " + was);
            List<ObjectNode> pods = podsOwnedBy(ns, K8s.uid(rs));
            if (!pods.isEmpty()) podsChanged.add(K8s.uid(rs));
            deletePods(ns, pods);
            replicaSetStatus(updated, List.of());
        }
        List<ObjectNode> pods = podsOwnedBy(ns, K8s.uid(current));
        int before = pods.size();
        ObjectNode owner = current;
        pods = scalePods(ns, pods, desired, () -> newReplicaSetPod(owner));
        if (pods.size() != before) podsChanged.add(K8s.uid(current));
        current = replicaSetStatus(store.get(APPS + ns + "/replicasets/" + K8s.name(current)), pods);
        deploymentStatus(ns, name, current, pods, now);
        for (String message : scaled) event(d, "ScalingReplicaSet", message, "deployment-controller", now);
        if (!podsChanged.isEmpty()) endpoints(ns);
    }

    private ObjectNode newReplicaSet(ObjectNode d, JsonNode wanted, long revision, int desired, int maxReplicas) {
        String deployment = K8s.name(d);
        Set<String> taken = new HashSet<>();
        for (ObjectNode rs : store.list(APPS + K8s.namespace(d) + "/replicasets")) taken.add(K8s.name(rs));
        String hash;
        int collisions = 0;
        do {
            hash = podTemplateHash(wanted, collisions++);
        } while (taken.contains(deployment + "-" + hash));
        ObjectNode rs = JSON.createObjectNode();
        rs.put("apiVersion", "apps/v1");
        rs.put("kind", "ReplicaSet");
        ObjectNode meta = rs.putObject("metadata");
        meta.put("name", deployment + "-" + hash);
        meta.put("namespace", K8s.namespace(d));
        ObjectNode templateLabels = DemoPods.labelsOf(d.path("spec").path("template"));
        ObjectNode labels = meta.putObject("labels");
        labels.setAll(templateLabels);
        labels.put(POD_TEMPLATE_HASH, hash);
        ObjectNode annotations = meta.putObject("annotations");
        copyDeploymentAnnotations(d, annotations);
        annotations.put(DESIRED_REPLICAS, String.valueOf(desired));
        annotations.put(MAX_REPLICAS, String.valueOf(maxReplicas));
        annotations.put(REVISION, String.valueOf(revision));
        meta.putArray("ownerReferences").add(DemoPods.ownerReference(d));
        ObjectNode spec = rs.putObject("spec");
        spec.put("replicas", desired);
        if (d.path("spec").has("minReadySeconds")) {
            spec.set("minReadySeconds", d.path("spec").get("minReadySeconds").deepCopy());
        }
        ObjectNode selector = d.path("spec").get("selector") instanceof ObjectNode sel ? sel.deepCopy()
                : JSON.createObjectNode();
        DemoPods.object(selector, "matchLabels").put(POD_TEMPLATE_HASH, hash);
        spec.set("selector", selector);
        ObjectNode template = d.path("spec").get("template") instanceof ObjectNode t ? t.deepCopy()
                : JSON.createObjectNode();
        DemoPods.object(DemoPods.object(template, "metadata"), "labels").put(POD_TEMPLATE_HASH, hash);
        spec.set("template", template);
        ObjectNode status = rs.putObject("status");
        status.put("replicas", 0);
        return rs;
    }

    private ObjectNode newReplicaSetPod(ObjectNode rs) {
        String hash = K8s.label(rs, POD_TEMPLATE_HASH);
        ObjectNode pod = kubelet.podFrom(rs.path("spec").path("template"), K8s.namespace(rs),
                K8s.name(rs) + "-" + suffix(K8s.name(rs)), K8s.name(rs) + "-", rs);
        if (hash != null) ((ObjectNode) pod.path("metadata").get("labels")).put(POD_TEMPLATE_HASH, hash);
        return pod;
    }

    private ObjectNode replicaSetStatus(ObjectNode rs, List<ObjectNode> pods) {
        if (rs == null) return null;
        String ns = K8s.namespace(rs);
        ObjectNode updated = rs.deepCopy();
        int ready = (int) pods.stream().filter(DemoPods::ready).count();
        ObjectNode status = JSON.createObjectNode();
        status.put("replicas", pods.size());
        if (!pods.isEmpty()) status.put("fullyLabeledReplicas", pods.size());
        if (ready > 0) {
            status.put("readyReplicas", ready);
            status.put("availableReplicas", ready);
        }
        status.set("observedGeneration", rs.path("metadata").path("generation"));
        updated.set("status", status);
        return updated.equals(rs) ? rs : store.replace(APPS + ns + "/replicasets/" + K8s.name(rs), updated);
    }

    private void deploymentStatus(String ns, String name, ObjectNode current, List<ObjectNode> pods, String now) {
        ObjectNode d = store.get(APPS + ns + "/deployments/" + name);
        if (d == null) return;
        ObjectNode updated = d.deepCopy();
        annotations(updated).put(REVISION, String.valueOf(revision(current)));
        int desired = replicas(d);
        int ready = (int) pods.stream().filter(DemoPods::ready).count();
        ObjectNode old = d.path("status").isObject() ? (ObjectNode) d.get("status") : JSON.createObjectNode();
        ObjectNode status = JSON.createObjectNode();
        status.set("observedGeneration", d.path("metadata").path("generation"));
        status.put("replicas", pods.size());
        status.put("updatedReplicas", pods.size());
        status.put("readyReplicas", ready);
        status.put("availableReplicas", ready);
        status.put("unavailableReplicas", Math.max(0, desired - ready));
        boolean available = ready >= desired - unavailable(d, desired);
        boolean done = ready >= desired && pods.size() == desired;
        ArrayNode conditions = status.putArray("conditions");
        conditions.add(condition(old, "Available", available ? "True" : "False",
                available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
                now));
        JsonNode progressing = find(old.path("conditions"), "Progressing");
        if (done) {
            conditions.add(condition(old, "Progressing", "True", "NewReplicaSetAvailable",
                    "ReplicaSet \"" + K8s.name(current) + "\" has successfully progressed.", now));
        } else if (progressing != null
                && progressing.path("message").asString("").contains("\"" + K8s.name(current) + "\"")) {
            conditions.add(progressing.deepCopy()); // the same ReplicaSet, still short: its progress is as it was
        } else {
            conditions.add(condition(old, "Progressing", "True", "ReplicaSetUpdated",
                    "ReplicaSet \"" + K8s.name(current) + "\" is progressing.", now));
        }
        if (old.has("collisionCount")) status.set("collisionCount", old.get("collisionCount"));
        updated.set("status", status);
        if (!updated.equals(d)) store.replace(APPS + ns + "/deployments/" + name, updated);
    }

    // ---- StatefulSet ----

    private void statefulSet(String ns, String name, JsonNode before) {
        ObjectNode sts = store.get(APPS + ns + "/statefulsets/" + name);
        if (sts == null) return;
        String now = now();
        int desired = replicas(sts);
        JsonNode wanted = template(sts.path("spec").path("template"));
        String kept = K8s.text(sts.path("status").get("updateRevision"));
        String revision = before != null && kept != null
                && template(before.path("spec").path("template")).equals(wanted)
                ? kept : name + "-" + podTemplateHash(wanted, 0);
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        List<ObjectNode> gone = new ArrayList<>();
        for (ObjectNode pod : podsOwnedBy(ns, K8s.uid(sts))) {
            String podName = K8s.name(pod);
            int ordinal = ordinal(name, podName);
            if (ordinal < 0 || ordinal >= desired || !revision.equals(K8s.label(pod, CONTROLLER_REVISION_HASH))) {
                gone.add(pod);
            } else {
                byName.put(podName, pod);
            }
        }
        deletePods(ns, gone);
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
        if (!gone.isEmpty() || pods.size() != byName.size()) endpoints(ns);
    }

    private static int ordinal(String sts, String pod) {
        if (!pod.startsWith(sts + "-")) return -1;
        try {
            return Integer.parseInt(pod.substring(sts.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- DaemonSet ----

    private void daemonSet(String ns, String name) {
        ObjectNode ds = store.get(APPS + ns + "/daemonsets/" + name);
        if (ds == null) return;
        String now = now();
        String hash = podTemplateHash(template(ds.path("spec").path("template")), 0);
        long generation = ds.path("metadata").path("generation").asLong(1);
        JsonNode selector = ds.path("spec").path("template").path("spec").path("nodeSelector");
        List<JsonNode> eligible = kubelet.nodes().stream().filter(n -> DemoPods.selects(selector, n)).toList();
        Set<String> eligibleNames = new HashSet<>();
        eligible.forEach(n -> eligibleNames.add(K8s.name(n)));
        Map<String, ObjectNode> onNode = new HashMap<>();
        List<ObjectNode> gone = new ArrayList<>();
        for (ObjectNode pod : podsOwnedBy(ns, K8s.uid(ds))) {
            String node = K8s.text(pod.path("spec").get("nodeName"));
            if (!hash.equals(K8s.label(pod, CONTROLLER_REVISION_HASH)) || !eligibleNames.contains(node)
                    || onNode.containsKey(node)) {
                gone.add(pod);
            } else {
                onNode.put(node, pod);
            }
        }
        deletePods(ns, gone);
        List<ObjectNode> pods = new ArrayList<>();
        Set<String> ips = kubelet.usedIps();
        int added = 0;
        for (JsonNode node : eligible) {
            ObjectNode existing = onNode.get(K8s.name(node));
            if (existing != null) {
                pods.add(existing);
                continue;
            }
            ObjectNode pod = kubelet.podFrom(ds.path("spec").path("template"), ns, name + "-" + suffix(name),
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
        if (!gone.isEmpty() || added > 0) endpoints(ns);
    }

    // ---- pods ----

    /** Deletes surplus pods (not ready first, then the newest) or makes the missing ones. */
    private List<ObjectNode> scalePods(String ns, List<ObjectNode> pods, int desired, Supplier<ObjectNode> make) {
        List<ObjectNode> kept = new ArrayList<>(pods);
        if (kept.size() > desired) {
            kept.sort(Comparator.comparing((ObjectNode p) -> DemoPods.ready(p))
                    .thenComparing(p -> K8s.text(p.path("metadata").get("creationTimestamp")),
                            Comparator.nullsFirst(Comparator.<String>reverseOrder()))
                    .thenComparing(K8s::name, Comparator.reverseOrder()));
            List<ObjectNode> surplus = new ArrayList<>(kept.subList(0, kept.size() - desired));
            kept.removeAll(surplus);
            deletePods(ns, surplus);
        } else if (kept.size() < desired) {
            String now = now();
            List<JsonNode> nodes = kubelet.nodes();
            Map<String, Integer> perNode = new HashMap<>();
            kept.forEach(p -> perNode.merge(String.valueOf(K8s.text(p.path("spec").get("nodeName"))), 1, Integer::sum));
            Set<String> ips = kubelet.usedIps();
            while (kept.size() < desired) kept.add(kubelet.run(make.get(), nodes, perNode, ips, now));
        }
        kept.sort(Comparator.comparing(K8s::name));
        return kept;
    }

    private List<ObjectNode> podsOwnedBy(String ns, String uid) {
        List<ObjectNode> pods = new ArrayList<>();
        for (ObjectNode pod : store.list(CORE + ns + "/pods")) {
            if (ownedBy(pod, uid) && !pod.path("metadata").has("deletionTimestamp")) pods.add(pod);
        }
        pods.sort(Comparator.comparing(K8s::name));
        return pods;
    }

    /**
     * Deletes the pods at once (no graceful termination). Their events stay, as in a real cluster until their TTL
     * (an hour) ends: the diagnosis reads events by the object they are about, so those of a deleted pod describe
     * nothing it looks at.
     */
    private void deletePods(String ns, List<ObjectNode> pods) {
        for (ObjectNode pod : pods) store.delete(CORE + ns + "/pods/" + K8s.name(pod));
    }

    // ---- endpoints ----

    /**
     * The endpoints controller: recomputes the Endpoints of the Services with a selector in {@code ns} from the
     * pods now there, making those that are missing.
     */
    void endpoints(String ns) {
        List<ObjectNode> pods = store.list(CORE + ns + "/pods");
        pods.sort(Comparator.comparing(K8s::name));
        String now = now();
        for (ObjectNode svc : store.list(CORE + ns + "/services")) {
            JsonNode selector = svc.path("spec").path("selector");
            boolean external = "ExternalName".equals(K8s.text(svc.path("spec").get("type")));
            if (external || !selector.isObject() || selector.isEmpty()) continue;
            ObjectNode ep = store.get(CORE + ns + "/endpoints/" + K8s.name(svc));
            if (ep == null) {
                ObjectNode made = JSON.createObjectNode();
                made.put("apiVersion", "v1");
                made.put("kind", "Endpoints");
                ObjectNode meta = made.putObject("metadata");
                meta.put("name", K8s.name(svc));
                meta.put("namespace", ns);
                if (svc.path("metadata").get("labels") instanceof ObjectNode labels) {
                    meta.set("labels", labels.deepCopy());
                }
                ep = store.create(CORE + ns + "/endpoints", made);
            }
            List<ObjectNode> selected = new ArrayList<>();
            for (ObjectNode pod : pods) {
                if (!pod.path("metadata").has("deletionTimestamp") && DemoPods.selects(selector, labelsHolder(pod))
                        && K8s.text(pod.path("status").get("podIP")) != null) {
                    selected.add(pod);
                }
            }
            ArrayNode subsets = JSON.createArrayNode();
            if (!selected.isEmpty()) {
                ObjectNode subset = subsets.addObject();
                ArrayNode ready = JSON.createArrayNode();
                ArrayNode notReady = JSON.createArrayNode();
                selected.sort(Comparator.comparing(p -> K8s.text(p.path("status").get("podIP"))));
                for (ObjectNode pod : selected) {
                    ObjectNode address = JSON.createObjectNode();
                    address.put("ip", K8s.text(pod.path("status").get("podIP")));
                    String node = K8s.text(pod.path("spec").get("nodeName"));
                    if (node != null) address.put("nodeName", node);
                    ObjectNode target = address.putObject("targetRef");
                    target.put("kind", "Pod");
                    target.put("namespace", ns);
                    target.put("name", K8s.name(pod));
                    target.put("uid", K8s.uid(pod));
                    (DemoPods.ready(pod) ? ready : notReady).add(address);
                }
                if (!ready.isEmpty()) subset.set("addresses", ready);
                if (!notReady.isEmpty()) subset.set("notReadyAddresses", notReady);
                ArrayNode ports = subset.putArray("ports");
                for (JsonNode port : svc.path("spec").path("ports")) {
                    ObjectNode p = ports.addObject();
                    if (port.has("name")) p.put("name", port.path("name").asString());
                    p.put("port", targetPort(port, selected.get(0)));
                    p.put("protocol", port.path("protocol").asString("TCP"));
                }
            }
            ObjectNode updated = ep.deepCopy();
            if (subsets.isEmpty()) {
                updated.remove("subsets");
            } else {
                updated.set("subsets", subsets);
            }
            if (!Objects.equals(updated.get("subsets"), ep.get("subsets"))) {
                annotations(updated).put("endpoints.kubernetes.io/last-change-trigger-time", now);
                store.replace(CORE + ns + "/endpoints/" + K8s.name(ep), updated);
            }
        }
    }

    private static JsonNode labelsHolder(JsonNode pod) {
        ObjectNode holder = JSON.createObjectNode();
        holder.putObject("metadata").set("labels", pod.path("metadata").path("labels"));
        return holder;
    }

    private static int targetPort(JsonNode servicePort, JsonNode pod) {
        JsonNode target = servicePort.has("targetPort") ? servicePort.get("targetPort") : servicePort.get("port");
        if (target != null && target.isNumber()) return target.asInt();
        String name = target == null ? null : target.asString();
        if (name != null && name.matches("\\d+")) return Integer.parseInt(name);
        for (JsonNode c : pod.path("spec").path("containers")) {
            for (JsonNode p : c.path("ports")) {
                if (name != null && name.equals(K8s.text(p.get("name")))) return p.path("containerPort").asInt();
            }
        }
        return servicePort.path("port").asInt();
    }

    // ---- events ----

    private void event(JsonNode about, String reason, String message, String component, String now) {
        String ns = K8s.namespace(about);
        ObjectNode e = JSON.createObjectNode();
        e.put("apiVersion", "v1");
        e.put("kind", "Event");
        ObjectNode meta = e.putObject("metadata");
        String id = HexFormat.of().formatHex(DemoPods.sha256("event " + K8s.name(about) + " " + (made++)));
        meta.put("name", K8s.name(about) + "." + id.substring(0, 16));
        meta.put("namespace", ns);
        ObjectNode involved = e.putObject("involvedObject");
        involved.put("kind", K8s.kind(about));
        involved.put("namespace", ns);
        involved.put("name", K8s.name(about));
        involved.put("uid", K8s.uid(about));
        involved.put("apiVersion", K8s.text(about.get("apiVersion")));
        involved.put("resourceVersion", K8s.text(about.path("metadata").get("resourceVersion")));
        e.put("reason", reason);
        e.put("message", message);
        e.putObject("source").put("component", component);
        e.put("firstTimestamp", now);
        e.put("lastTimestamp", now);
        e.put("count", 1);
        e.put("type", "Normal");
        e.putNull("eventTime");
        e.put("reportingComponent", component);
        e.put("reportingInstance", "");
        store.create(CORE + ns + "/events", e);
    }

    // ---- template hashing ----

    /**
     * The pod template as compared and hashed: without the {@code pod-template-hash} label, without null values
     * and empty objects or arrays (which mean the same as absent ones), keys sorted.
     */
    static JsonNode template(JsonNode template) {
        JsonNode t = template == null || template.isMissingNode() || template.isNull()
                ? JSON.createObjectNode() : template.deepCopy();
        if (t.path("metadata").path("labels") instanceof ObjectNode labels) labels.remove(POD_TEMPLATE_HASH);
        JsonNode pruned = prune(t);
        return pruned == null ? JSON.createObjectNode() : pruned;
    }

    private static JsonNode prune(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            for (String key : new TreeSet<>(n.propertyNames())) {
                JsonNode v = prune(n.get(key));
                if (v != null) out.set(key, v);
            }
            return out.isEmpty() ? null : out;
        }
        if (n.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode e : n) {
                JsonNode v = prune(e);
                out.add(v == null ? JSON.createObjectNode() : v);
            }
            return out.isEmpty() ? null : out;
        }
        return n;
    }

    /** The deployment controller's name suffix: FNV-32a of the template, its decimal digits safely encoded. */
    static String podTemplateHash(JsonNode normalizedTemplate, int collisions) {
        String text = normalizedTemplate.toString() + (collisions == 0 ? "" : "#" + collisions);
        String digits = Integer.toUnsignedString(DemoPods.fnv32a(text.getBytes(StandardCharsets.UTF_8)));
        StringBuilder sb = new StringBuilder();
        for (char c : digits.toCharArray()) sb.append(ALPHANUMS.charAt(c % ALPHANUMS.length()));
        return sb.toString();
    }

    /** Five characters of a generated name, different for every pod made. */
    private String suffix(String base) {
        return DemoPods.encode(DemoPods.sha256("pod " + base + " " + (made++)), 5);
    }

    // ---- small helpers ----

    private String now() {
        return clock.get().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static long revision(JsonNode o) {
        try {
            return Long.parseLong(String.valueOf(K8s.annotation(o, REVISION)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int replicas(JsonNode workload) {
        JsonNode r = workload.path("spec").get("replicas");
        return r == null || r.isNull() ? 1 : r.asInt(1);
    }

    /** maxSurge of a RollingUpdate Deployment in pods (percentages round up), 0 for Recreate. */
    private static int surge(JsonNode d, int desired) {
        JsonNode strategy = d.path("spec").path("strategy");
        if ("Recreate".equals(K8s.text(strategy.get("type")))) return 0;
        return resolve(strategy.path("rollingUpdate").get("maxSurge"), desired, true);
    }

    /** maxUnavailable of a RollingUpdate Deployment in pods (percentages round down). */
    private static int unavailable(JsonNode d, int desired) {
        JsonNode strategy = d.path("spec").path("strategy");
        if ("Recreate".equals(K8s.text(strategy.get("type")))) return 0;
        return resolve(strategy.path("rollingUpdate").get("maxUnavailable"), desired, false);
    }

    private static int resolve(JsonNode value, int desired, boolean roundUp) {
        if (value == null || value.isNull()) value = JSON.getNodeFactory().stringNode("25%");
        if (value.isNumber()) return value.asInt();
        String s = value.asString("");
        try {
            if (s.endsWith("%")) {
                double v = Integer.parseInt(s.substring(0, s.length() - 1)) * desired / 100.0;
                return (int) (roundUp ? Math.ceil(v) : Math.floor(v));
            }
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static JsonNode find(JsonNode conditions, String type) {
        for (JsonNode c : conditions) {
            if (type.equals(K8s.text(c.get("type")))) return c;
        }
        return null;
    }

    /** A condition, keeping the times of the previous one of its type while nothing about it changed. */
    private static ObjectNode condition(JsonNode oldStatus, String type, String status, String reason, String message,
                                        String now) {
        JsonNode old = find(oldStatus.path("conditions"), type);
        ObjectNode c = JSON.createObjectNode();
        c.put("type", type);
        c.put("status", status);
        boolean same = old != null && status.equals(K8s.text(old.get("status")));
        boolean unchanged = same && reason.equals(K8s.text(old.get("reason")))
                && message.equals(K8s.text(old.get("message")));
        c.put("lastUpdateTime", unchanged && old.has("lastUpdateTime") ? old.path("lastUpdateTime").asString() : now);
        c.put("lastTransitionTime", same && old.has("lastTransitionTime")
                ? old.path("lastTransitionTime").asString() : now);
        c.put("reason", reason);
        c.put("message", message);
        return c;
    }

    private static ObjectNode annotations(ObjectNode o) {
        return DemoPods.object(DemoPods.object(o, "metadata"), "annotations");
    }

    /** Copies the Deployment's annotations to its ReplicaSet, as the controller does (its own ones aside). */
    private static void copyDeploymentAnnotations(JsonNode d, ObjectNode target) {
        for (Map.Entry<String, JsonNode> e : d.path("metadata").path("annotations").properties()) {
            String key = e.getKey();
            if (key.startsWith("deployment.kubernetes.io/")
                    || key.equals("kubectl.kubernetes.io/last-applied-configuration")) {
                continue;
            }
            target.set(key, e.getValue().deepCopy());
        }
    }

    private static boolean ownedBy(JsonNode o, String uid) {
        JsonNode ref = K8s.controllerOf(o);
        return ref != null && uid != null && uid.equals(K8s.text(ref.get("uid")));
    }

    private static boolean ownedByAny(JsonNode o, Set<String> uids) {
        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
            if (uids.contains(K8s.text(ref.get("uid")))) return true;
        }
        return false;
    }
}
