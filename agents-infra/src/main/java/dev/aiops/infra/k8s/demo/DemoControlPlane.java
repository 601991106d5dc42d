package dev.aiops.infra.k8s.demo;

import static dev.aiops.infra.k8s.demo.DemoStore.CORE;

import dev.aiops.infra.k8s.K8s;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the simulated controllers share: the store they read and write, the kubelet that runs their pods, the
 * clock, the counter behind generated names, events, the endpoints controller, and the handling of owned pods.
 */
final class DemoControlPlane {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoStore store;
    private final DemoPods kubelet;
    private final Supplier<Instant> clock;
    private final DemoEndpoints endpoints;
    /** Counts the names made, so that a name is never made twice (events are found by the name of their object). */
    private long made;

    DemoControlPlane(DemoStore store, Supplier<Instant> clock) {
        this.store = store;
        this.kubelet = new DemoPods(store);
        this.clock = clock;
        this.endpoints = new DemoEndpoints(this);
    }

    DemoStore store() {
        return store;
    }

    DemoPods kubelet() {
        return kubelet;
    }

    String now() {
        return clock.get().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Five characters of a generated name, different for every pod made. */
    String suffix(String base) {
        return DemoPods.encode(DemoPods.sha256("pod " + base + " " + (made++)), 5);
    }

    /** The hex id in the name of an event about {@code name}, different for every event made. */
    String eventId(String name) {
        return HexFormat.of().formatHex(DemoPods.sha256("event " + name + " " + (made++)));
    }

    /** The endpoints controller: see {@link DemoEndpoints#update}. */
    void endpoints(String ns) {
        endpoints.update(ns);
    }

    /** Records a Normal event about {@code about} from {@code component}. */
    void event(JsonNode about, String reason, String message, String component, String now) {
        String ns = K8s.namespace(about);
        ObjectNode e = JSON.createObjectNode();
        e.put("apiVersion", "v1");
        e.put("kind", "Event");
        ObjectNode meta = e.putObject("metadata");
        String id = eventId(K8s.name(about));
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

    /** Deletes surplus pods (not ready first, then the newest) or makes the missing ones. */
    List<ObjectNode> scalePods(String ns, List<ObjectNode> pods, int desired, Supplier<ObjectNode> make) {
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

    /** The live pods that {@code uid} controls, by name. */
    List<ObjectNode> podsOwnedBy(String ns, String uid) {
        List<ObjectNode> pods = new ArrayList<>();
        for (ObjectNode pod : store.list(CORE + ns + "/pods")) {
            if (ownedBy(pod, uid) && !pod.path("metadata").has("deletionTimestamp")) pods.add(pod);
        }
        pods.sort(Comparator.comparing(K8s::name));
        return pods;
    }

    /**
     * Deletes the pods, and their PodMetrics, at once (no graceful termination). Their events stay, as in a real
     * cluster until their TTL (an hour) ends: the diagnosis reads events by the object they are about, so those of a
     * deleted pod describe nothing it looks at.
     */
    void deletePods(String ns, List<ObjectNode> pods) {
        for (ObjectNode pod : pods) {
            store.delete(CORE + ns + "/pods/" + K8s.name(pod));
            DemoMetrics.remove(store, ns, K8s.name(pod));
        }
    }

    static int replicas(JsonNode workload) {
        JsonNode r = workload.path("spec").get("replicas");
        return r == null || r.isNull() ? 1 : r.asInt(1);
    }

    static ObjectNode annotations(ObjectNode o) {
        return DemoPods.object(DemoPods.object(o, "metadata"), "annotations");
    }

    static boolean ownedBy(JsonNode o, String uid) {
        JsonNode ref = K8s.controllerOf(o);
        return ref != null && uid != null && uid.equals(K8s.text(ref.get("uid")));
    }

    static boolean ownedByAny(JsonNode o, Set<String> uids) {
        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
            if (uids.contains(K8s.text(ref.get("uid")))) return true;
        }
        return false;
    }
}
