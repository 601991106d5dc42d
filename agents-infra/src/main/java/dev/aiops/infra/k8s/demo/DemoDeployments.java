package dev.aiops.infra.k8s.demo;

import static dev.aiops.infra.k8s.demo.DemoControlPlane.annotations;
import static dev.aiops.infra.k8s.demo.DemoControlPlane.ownedBy;
import static dev.aiops.infra.k8s.demo.DemoControlPlane.replicas;
import static dev.aiops.infra.k8s.demo.DemoControllers.DESIRED_REPLICAS;
import static dev.aiops.infra.k8s.demo.DemoControllers.MAX_REPLICAS;
import static dev.aiops.infra.k8s.demo.DemoControllers.POD_TEMPLATE_HASH;
import static dev.aiops.infra.k8s.demo.DemoControllers.REVISION;
import static dev.aiops.infra.k8s.demo.DemoControllers.REVISION_HISTORY;
import static dev.aiops.infra.k8s.demo.DemoStore.APPS;
import static dev.aiops.infra.k8s.demo.DemoTemplates.podTemplateHash;
import static dev.aiops.infra.k8s.demo.DemoTemplates.template;

import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deployment controller (for {@link DemoControllers}): the ReplicaSet whose pod template equals the
 * Deployment's becomes the current one, or a new one is made; the others are scaled to 0; the statuses, revision
 * annotations and ScalingReplicaSet events follow.
 */
final class DemoDeployments {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoControlPlane cp;
    private final DemoStore store;
    private final DemoPods kubelet;

    DemoDeployments(DemoControlPlane cp) {
        this.cp = cp;
        this.store = cp.store();
        this.kubelet = cp.kubelet();
    }

    /** Rolls a Deployment out to its ReplicaSets and their pods; paused ones are left alone. */
    void reconcile(String ns, String name) {
        ObjectNode d = store.get(APPS + ns + "/deployments/" + name);
        if (d == null || d.path("spec").path("paused").asBoolean(false)) return;
        String now = cp.now();
        int desired = replicas(d);
        JsonNode wanted = template(d.path("spec").path("template"));
        List<ObjectNode> owned = new ArrayList<>();
        for (ObjectNode rs : store.list(APPS + ns + "/replicasets")) {
            if (ownedBy(rs, K8s.uid(d))) owned.add(rs);
        }
        owned.sort(Comparator.comparingLong(DemoDeployments::revision).thenComparing(K8s::name));
        long maxRevision = owned.stream().mapToLong(DemoDeployments::revision).max().orElse(0);
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
            List<ObjectNode> pods = cp.podsOwnedBy(ns, K8s.uid(rs));
            if (!pods.isEmpty()) podsChanged.add(K8s.uid(rs));
            cp.deletePods(ns, pods);
            replicaSetStatus(updated, List.of());
        }
        List<ObjectNode> pods = cp.podsOwnedBy(ns, K8s.uid(current));
        int before = pods.size();
        ObjectNode owner = current;
        pods = cp.scalePods(ns, pods, desired, () -> newReplicaSetPod(owner));
        if (pods.size() != before) podsChanged.add(K8s.uid(current));
        current = replicaSetStatus(store.get(APPS + ns + "/replicasets/" + K8s.name(current)), pods);
        deploymentStatus(ns, name, current, pods, now);
        for (String message : scaled) cp.event(d, "ScalingReplicaSet", message, "deployment-controller", now);
        if (!podsChanged.isEmpty()) cp.endpoints(ns);
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
                K8s.name(rs) + "-" + cp.suffix(K8s.name(rs)), K8s.name(rs) + "-", rs);
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

    static long revision(JsonNode o) {
        try {
            return Long.parseLong(String.valueOf(K8s.annotation(o, REVISION)));
        } catch (NumberFormatException e) {
            return 0;
        }
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
}
