package dev.aiops.domain.scaling;

import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Quantities;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import dev.aiops.infra.k8s.LabelSelectors;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The workloads in scope with what they run now (containers with requests and limits, replicas, HPA, node pool),
 * and which workload a pod in the metrics belongs to: by the cluster's owner references, or, for pods that no
 * longer exist, by the names controllers give their pods.
 */
final class WorkloadCatalog {

    static final List<String> KINDS = List.of("Deployment", "StatefulSet", "DaemonSet");
    private static final List<String> POOL_LABELS = List.of("cloud.google.com/gke-nodepool",
            "eks.amazonaws.com/nodegroup", "kubernetes.azure.com/agentpool", "karpenter.sh/nodepool",
            "node.kubernetes.io/pool");
    private static final Pattern DEPLOYMENT_POD = Pattern.compile("(.+)-[a-z0-9]{1,10}-[a-z0-9]{5}");
    private static final Pattern STATEFUL_POD = Pattern.compile("(.+)-[0-9]+");
    // the alphabet Kubernetes uses for generated name suffixes (no vowels, no 0, 1, 3)
    private static final Pattern GENERATED_DEPLOYMENT_POD =
            Pattern.compile("(.+)-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}");
    private static final Pattern DAEMON_POD = Pattern.compile("(.+)-[a-z0-9]{5}");

    /** HPA bounds and CPU target (NaN when it targets something else). */
    record Hpa(String name, int min, int max, double targetCpu) {
    }

    /** What a workload runs now; {@code replicas} is -1 when not known. */
    record Spec(Workload workload, Map<String, Resources> containers, int replicas, Hpa hpa, String pool) {
        Resources current(String container) {
            return containers.getOrDefault(container, Resources.UNKNOWN);
        }
    }

    private final Map<Workload, Spec> specs;
    private final Map<String, Workload> byPod;
    private final boolean fromCluster;
    private final Set<String> namespaces;
    private final Set<Workload> inferred = new java.util.TreeSet<>();

    WorkloadCatalog(Map<Workload, Spec> specs, Map<String, Workload> byPod, boolean fromCluster, Set<String> namespaces) {
        this.specs = new TreeMap<>(specs);
        this.byPod = new HashMap<>(byPod);
        this.fromCluster = fromCluster;
        this.namespaces = namespaces;
    }

    /** The workloads of {@code snapshot} in {@code namespaces} (all when empty) whose labels match {@code selector}. */
    static WorkloadCatalog fromCluster(ClusterSnapshot snapshot, Set<String> namespaces, String selector,
                                       String onlyName) {
        ClusterIndex index = new ClusterIndex(snapshot);
        Map<Workload, Spec> specs = new LinkedHashMap<>();
        Map<String, Workload> byPod = new HashMap<>();
        for (String kind : KINDS) {
            for (JsonNode o : snapshot.objects(kind)) {
                if (!inScope(o, namespaces, selector) || (onlyName != null && !onlyName.equals(K8s.name(o)))) continue;
                Workload w = new Workload(kind, K8s.namespace(o), K8s.name(o));
                List<JsonNode> pods = index.podsOf(new ObjectRef(kind, w.namespace(), w.name()));
                pods.forEach(p -> byPod.put(key(w.namespace(), K8s.name(p)), w));
                specs.put(w, new Spec(w, containers(o.path("spec").path("template").path("spec")), replicas(o),
                        hpa(snapshot, w), pool(snapshot, pods)));
            }
        }
        for (JsonNode p : snapshot.objects("Pod")) {
            if (K8s.controllerOf(p) != null || !inScope(p, namespaces, selector)
                    || (onlyName != null && !onlyName.equals(K8s.name(p)))) {
                continue;
            }
            Workload w = new Workload("Pod", K8s.namespace(p), K8s.name(p));
            byPod.put(key(w.namespace(), w.name()), w);
            specs.put(w, new Spec(w, containers(p.path("spec")), 1, null, pool(snapshot, List.of(p))));
        }
        return new WorkloadCatalog(specs, byPod, true, namespaces);
    }

    private static boolean inScope(JsonNode o, Set<String> namespaces, String selector) {
        if (!namespaces.isEmpty() && !namespaces.contains(K8s.namespace(o))) return false;
        if (selector == null || selector.isBlank()) return true;
        return LabelSelectors.matches(o.path("metadata").path("labels"), selector)
                || LabelSelectors.matches(o.path("spec").path("template").path("metadata").path("labels"), selector);
    }

    static Map<String, Resources> containers(JsonNode podSpec) {
        Map<String, Resources> out = new LinkedHashMap<>();
        for (JsonNode c : podSpec.path("containers")) {
            JsonNode r = c.path("resources");
            out.put(c.path("name").asString(), new Resources(q(r, "requests", "cpu"), q(r, "requests", "memory"),
                    q(r, "limits", "cpu"), q(r, "limits", "memory")));
        }
        return out;
    }

    private static double q(JsonNode resources, String kind, String resource) {
        return Quantities.parse(resources.path(kind).path(resource).asString(null));
    }

    private static int replicas(JsonNode o) {
        if (K8s.kind(o).equals("DaemonSet")) return o.path("status").path("desiredNumberScheduled").asInt(-1);
        return o.path("spec").path("replicas").asInt(1);
    }

    private static Hpa hpa(ClusterSnapshot snapshot, Workload w) {
        for (JsonNode h : snapshot.objects("HorizontalPodAutoscaler", w.namespace())) {
            JsonNode ref = h.path("spec").path("scaleTargetRef");
            if (!w.kind().equals(ref.path("kind").asString("")) || !w.name().equals(ref.path("name").asString(""))) {
                continue;
            }
            double target = h.path("spec").path("targetCPUUtilizationPercentage").asDouble(Double.NaN);
            for (JsonNode m : h.path("spec").path("metrics")) {
                JsonNode res = m.path("resource");
                if ("cpu".equals(res.path("name").asString(null)) && res.path("target").has("averageUtilization")) {
                    target = res.path("target").path("averageUtilization").asDouble();
                }
            }
            return new Hpa(K8s.name(h), h.path("spec").path("minReplicas").asInt(1),
                    h.path("spec").path("maxReplicas").asInt(1), target / 100);
        }
        return null;
    }

    private static String pool(ClusterSnapshot snapshot, List<JsonNode> pods) {
        for (JsonNode p : pods) {
            String nodeName = K8s.text(p, "spec", "nodeName");
            JsonNode node = nodeName == null ? null : snapshot.get("Node", null, nodeName);
            if (node == null) continue;
            for (String label : POOL_LABELS) {
                String pool = K8s.label(node, label);
                if (pool != null) return pool;
            }
        }
        return null;
    }

    /**
     * The workload {@code pod} belongs to, or null when it is in no workload in scope. Pods the cluster no longer
     * has are matched by the names controllers give them ({@code web-7d4b9c6f5-x2x9q}, {@code db-0}).
     */
    Workload workloadOf(String namespace, String pod) {
        String key = key(namespace, pod);
        Workload w = byPod.get(key);
        if (w != null || byPod.containsKey(key)) return w;
        w = byName(namespace, pod);
        byPod.put(key, w);
        return w;
    }

    private Workload byName(String namespace, String pod) {
        if (!namespaces.isEmpty() && !namespaces.contains(namespace)) return null;
        Workload w = match(DEPLOYMENT_POD, "Deployment", namespace, pod);
        if (w == null) w = match(STATEFUL_POD, "StatefulSet", namespace, pod);
        if (w == null) w = match(DAEMON_POD, "DaemonSet", namespace, pod);
        if (w == null && !fromCluster) {
            w = infer(namespace, pod);
            specs.putIfAbsent(w, new Spec(w, new LinkedHashMap<>(), -1, null, null));
            inferred.add(w);
        }
        return w;
    }

    /** Without a cluster or kube-state-metrics: the kind the pod's name says (a ReplicaSet hash: Deployment). */
    private static Workload infer(String namespace, String pod) {
        Matcher m = GENERATED_DEPLOYMENT_POD.matcher(pod);
        if (m.matches()) return new Workload("Deployment", namespace, m.group(1));
        m = STATEFUL_POD.matcher(pod);
        if (m.matches()) return new Workload("StatefulSet", namespace, m.group(1));
        return new Workload("Pod", namespace, pod);
    }

    /** Workloads whose kind was read from pod names, not from owners. */
    Set<Workload> inferred() {
        return inferred;
    }

    private Workload match(Pattern p, String kind, String namespace, String pod) {
        Matcher m = p.matcher(pod);
        if (!m.matches()) return null;
        Workload w = new Workload(kind, namespace, m.group(1));
        return specs.containsKey(w) ? w : null;
    }

    Spec spec(Workload w) {
        return specs.get(w);
    }

    Iterable<Spec> specs() {
        return specs.values();
    }

    boolean fromCluster() {
        return fromCluster;
    }

    static String key(String namespace, String pod) {
        return namespace + "/" + pod;
    }
}
