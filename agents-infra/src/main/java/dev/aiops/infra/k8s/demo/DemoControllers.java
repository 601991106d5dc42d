package dev.aiops.infra.k8s.demo;

import static dev.aiops.infra.k8s.demo.DemoControlPlane.ownedByAny;
import static dev.aiops.infra.k8s.demo.DemoControlPlane.replicas;
import static dev.aiops.infra.k8s.demo.DemoStatefulSets.ordinal;
import static dev.aiops.infra.k8s.demo.DemoStore.APPS;
import static dev.aiops.infra.k8s.demo.DemoStore.CORE;
import static dev.aiops.infra.k8s.demo.DemoTemplates.template;

import dev.aiops.infra.k8s.K8s;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
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
 *       whatever the template says (nothing checks that the image exists or that a referenced Secret does), with
 *       their PodMetrics ({@link DemoMetrics}). The Endpoints of the Services in the namespace are recomputed.
 *       Deleted pods go at once, with their PodMetrics; their events stay, as they would for an hour in a real
 *       cluster.</li>
 * </ul>
 * Names are deterministic: the template hash is FNV-32a of the template's canonical JSON encoded like the
 * deployment controller does, pod suffixes come from a counter. Only uids and timestamps vary.
 *
 * <p>This is the entry point; the controllers are {@link DemoDeployments}, {@link DemoStatefulSets},
 * {@link DemoDaemonSets} and {@link DemoEndpoints}, and what they share is {@link DemoControlPlane}.
 */
final class DemoControllers {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final String CONTROLLER_REVISION_HASH = "controller-revision-hash";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoControlPlane cp;
    private final DemoStore store;
    private final DemoPods kubelet;
    private final DemoDeployments deployments;
    private final DemoStatefulSets statefulSets;
    private final DemoDaemonSets daemonSets;

    DemoControllers(DemoApiDispatcher api, Supplier<Instant> clock) {
        this.cp = new DemoControlPlane(new DemoStore(api), clock);
        this.store = cp.store();
        this.kubelet = cp.kubelet();
        this.deployments = new DemoDeployments(cp);
        this.statefulSets = new DemoStatefulSets(cp);
        this.daemonSets = new DemoDaemonSets(cp);
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
            case "Deployment" -> deployments.reconcile(namespace, name);
            case "StatefulSet" -> statefulSets.reconcile(namespace, name, before);
            case "DaemonSet" -> daemonSets.reconcile(namespace, name);
            default -> {
            }
        }
    }

    /**
     * The garbage collector: removes what the deleted object owned (ReplicaSets, pods), as a background deletion
     * would, and the Endpoints of a deleted Service; metrics-server forgets a deleted pod; the controller of a
     * deleted pod replaces it ({@link #replacePod}); and the endpoints controller follows when pods went.
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
        cp.deletePods(ns, gone);
        if ("Pod".equals(K8s.kind(object)) && object instanceof ObjectNode pod) {
            DemoMetrics.remove(store, ns, K8s.name(pod));
            replacePod(pod);
        }
        if ("Service".equals(K8s.kind(object))) store.delete(CORE + ns + "/endpoints/" + K8s.name(object));
        if (!gone.isEmpty() || "Pod".equals(K8s.kind(object))) cp.endpoints(ns);
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
        List<ObjectNode> siblings = cp.podsOwnedBy(ns, K8s.uid(owner));
        String name;
        if ("StatefulSet".equals(kind)) {
            if (ordinal(K8s.name(owner), K8s.name(gone)) >= replicas(owner)) return;
            name = K8s.name(gone);
        } else {
            if ("ReplicaSet".equals(kind) && siblings.size() >= owner.path("spec").path("replicas").asInt(1)) return;
            name = K8s.name(owner) + "-" + cp.suffix(K8s.name(owner));
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
        String now = cp.now();
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
            String id = cp.eventId(name);
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

    /**
     * The endpoints controller: recomputes the Endpoints of the Services with a selector in {@code ns} from the
     * pods now there, making those that are missing.
     */
    void endpoints(String ns) {
        cp.endpoints(ns);
    }
}
