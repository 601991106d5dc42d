package dev.aiops.domain.timeline;

import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.timeline.TimelineEntry.Subject;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Which objects a query covers: those of its namespace (or all), and with {@code around} only the object, what it
 * owns (transitively: a Deployment's ReplicaSets and their pods, a CronJob's Jobs and pods), what owns it, and what
 * selects it (Services and PodDisruptionBudgets whose selector matches its pods or pod template, autoscalers that
 * scale it; for a Service, the pods it selects and their owners), and the ConfigMaps and Secrets its pods use (a
 * change to them is a probable trigger). Pods that are gone but still named by events are
 * recognised by their owner's name ({@code cart-5d8f6c9b7-lr8tk} of ReplicaSet {@code cart-5d8f6c9b7}).
 */
final class Scope {

    private record Key(String kind, String namespace, String name) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(name, k.name) && Objects.equals(namespace, k.namespace)
                    && Objects.equals(kind, k.kind);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Objects.hashCode(kind) + Objects.hashCode(namespace)) + Objects.hashCode(name);
        }
    }

    private static final List<String> OWNED_KINDS = List.of("ReplicaSet", "Job", "Pod", "ControllerRevision");
    private static final Set<String> CONTROLLERS = Set.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet",
            "Job", "CronJob", "ReplicationController");
    private static final Set<String> WORKLOADS = Set.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job",
            "ReplicationController");

    private final String namespace;
    private final Set<Key> related;
    /** Controllers in scope: what they made may since have been deleted, and is known by its name. */
    private final List<Key> controllers;
    private final ClusterSnapshot snapshot;

    private Scope(ClusterSnapshot snapshot, String namespace, Set<Key> related, List<Key> controllers) {
        this.snapshot = snapshot;
        this.namespace = namespace;
        this.related = related;
        this.controllers = controllers;
    }

    static Scope of(ClusterSnapshot s, TimelineQuery q) {
        Subject a = q.around();
        if (a == null) return new Scope(s, q.namespace(), null, List.of());
        String ns = a.namespace() != null ? a.namespace() : q.namespace();
        Key self = new Key(a.kind(), ns, a.name());
        Set<Key> related = new HashSet<>();
        related.add(self);
        addOwners(s, s.get(a.kind(), ns, a.name()), ns, related);
        Set<Key> owned = new HashSet<>();
        owned.add(self);
        boolean grew = ns != null;
        for (int pass = 0; grew && pass < 4; pass++) {
            grew = false;
            for (String kind : OWNED_KINDS) {
                for (JsonNode o : s.objects(kind, ns)) {
                    JsonNode owner = K8s.controllerOf(o);
                    if (owner != null && owned.contains(new Key(K8s.text(owner, "kind", null), ns,
                            K8s.text(owner, "name", null))) && owned.add(new Key(kind, ns, K8s.name(o)))) {
                        grew = true;
                    }
                }
            }
        }
        related.addAll(owned);
        List<Key> controllers = new ArrayList<>();
        for (Key k : owned) {
            if (CONTROLLERS.contains(k.kind)) controllers.add(k);
        }
        if (ns != null) addSelectors(s, ns, a, related);
        return new Scope(s, ns != null ? ns : q.namespace(), related, List.copyOf(controllers));
    }

    private static void addOwners(ClusterSnapshot s, JsonNode object, String ns, Set<Key> related) {
        JsonNode cur = object;
        for (int depth = 0; cur != null && depth < 4; depth++) {
            JsonNode owner = K8s.controllerOf(cur);
            if (owner == null) return;
            String kind = K8s.text(owner, "kind", null);
            String name = K8s.text(owner, "name", null);
            if (kind == null || name == null || !related.add(new Key(kind, ns, name))) return;
            cur = s.get(kind, ns, name);
        }
    }

    private static void addSelectors(ClusterSnapshot s, String ns, Subject a, Set<Key> related) {
        List<JsonNode> labelSets = new ArrayList<>();
        List<JsonNode> podSpecs = new ArrayList<>();
        for (Key k : related) {
            JsonNode o = s.get(k.kind, ns, k.name);
            if (o == null) continue;
            if (k.kind.equals("Pod")) {
                labelSets.add(o.path("metadata").path("labels"));
                podSpecs.add(o.path("spec"));
            } else if (WORKLOADS.contains(k.kind)) {
                labelSets.add(o.path("spec").path("template").path("metadata").path("labels"));
                podSpecs.add(o.path("spec").path("template").path("spec"));
            }
        }
        for (JsonNode spec : podSpecs) addConfiguration(spec, ns, related);
        if (a.kind().equals("Service")) {
            JsonNode svc = s.get("Service", ns, a.name());
            JsonNode selector = svc == null ? null : svc.path("spec").get("selector");
            if (selector != null && selector.isObject() && !selector.isEmpty()) {
                for (JsonNode pod : s.objects("Pod", ns)) {
                    if (ClusterIndex.matches(pod.path("metadata").path("labels"), selector)) {
                        related.add(new Key("Pod", ns, K8s.name(pod)));
                        addOwners(s, pod, ns, related);
                    }
                }
            }
        }
        for (JsonNode svc : s.objects("Service", ns)) {
            JsonNode selector = svc.path("spec").get("selector");
            if (selector == null || !selector.isObject() || selector.isEmpty()) continue;
            for (JsonNode labels : labelSets) {
                if (!labels.isMissingNode() && ClusterIndex.matches(labels, selector)) {
                    related.add(new Key("Service", ns, K8s.name(svc)));
                    break;
                }
            }
        }
        for (JsonNode pdb : s.objects("PodDisruptionBudget", ns)) {
            JsonNode selector = pdb.path("spec").get("selector");
            if (selector == null || !selector.isObject() || selector.isEmpty()) continue;
            for (JsonNode labels : labelSets) {
                if (!labels.isMissingNode() && ClusterIndex.matchesSelector(labels, selector)) {
                    related.add(new Key("PodDisruptionBudget", ns, K8s.name(pdb)));
                    break;
                }
            }
        }
        for (JsonNode hpa : s.objects("HorizontalPodAutoscaler", ns)) {
            JsonNode target = hpa.path("spec").path("scaleTargetRef");
            if (related.contains(new Key(K8s.text(target, "kind", null), ns, K8s.text(target, "name", null)))) {
                related.add(new Key("HorizontalPodAutoscaler", ns, K8s.name(hpa)));
            }
        }
    }

    /** The ConfigMaps and Secrets a pod spec uses: volumes (also projected), env and envFrom of every container. */
    private static void addConfiguration(JsonNode spec, String ns, Set<Key> related) {
        for (JsonNode v : K8s.list(spec.get("volumes"))) {
            config(related, ns, "ConfigMap", K8s.text(v, "configMap", "name"));
            config(related, ns, "Secret", K8s.text(v, "secret", "secretName"));
            for (JsonNode p : K8s.list(v.path("projected").get("sources"))) {
                config(related, ns, "ConfigMap", K8s.text(p, "configMap", "name"));
                config(related, ns, "Secret", K8s.text(p, "secret", "name"));
            }
        }
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : K8s.list(spec.get(list))) {
                for (JsonNode from : K8s.list(c.get("envFrom"))) {
                    config(related, ns, "ConfigMap", K8s.text(from, "configMapRef", "name"));
                    config(related, ns, "Secret", K8s.text(from, "secretRef", "name"));
                }
                for (JsonNode env : K8s.list(c.get("env"))) {
                    JsonNode ref = env.path("valueFrom");
                    config(related, ns, "ConfigMap", K8s.text(ref, "configMapKeyRef", "name"));
                    config(related, ns, "Secret", K8s.text(ref, "secretKeyRef", "name"));
                }
            }
        }
    }

    private static void config(Set<Key> related, String ns, String kind, String name) {
        if (name != null && !name.isEmpty()) related.add(new Key(kind, ns, name));
    }

    /** The namespace the query is limited to, or null. */
    String namespace() {
        return namespace;
    }

    /** True when objects of {@code namespace} may be in scope: all of them without {@code around}. */
    boolean covers(String ns) {
        return namespace == null || namespace.equals(ns);
    }

    /** True when entries about this object belong in the timeline. */
    boolean includes(String kind, String ns, String name) {
        if (!covers(ns)) return false;
        if (related == null) return true;
        if (related.contains(new Key(kind, ns, name))) return true;
        if (name != null && ("Pod".equals(kind) || "ReplicaSet".equals(kind) || "Job".equals(kind))
                && snapshot.get(kind, ns, name) == null) {
            for (Key c : controllers) {
                if (Objects.equals(c.namespace, ns) && madeBy(c.kind, c.name, kind, name)) return true;
            }
        }
        return false;
    }

    /**
     * True when {@code name} is what controller {@code owner} names what it makes: a Deployment's ReplicaSets
     * ({@code NAME-HASH}) and pods ({@code NAME-HASH-XXXXX}), a StatefulSet's pods ({@code NAME-0}), a CronJob's Jobs
     * ({@code NAME-29012345}) and their pods, the pods of a ReplicaSet, DaemonSet, Job or ReplicationController
     * ({@code NAME-XXXXX}).
     */
    static boolean madeBy(String ownerKind, String owner, String kind, String name) {
        if (name.length() <= owner.length() + 1 || !name.startsWith(owner) || name.charAt(owner.length()) != '-') {
            return false;
        }
        String rest = name.substring(owner.length() + 1);
        int dash = rest.indexOf('-');
        String head = dash < 0 ? rest : rest.substring(0, dash);
        String tail = dash < 0 ? null : rest.substring(dash + 1);
        return switch (ownerKind) {
            case "Deployment" -> kind.equals("ReplicaSet") ? tail == null && alnum(head, 1, 10)
                    : kind.equals("Pod") && tail != null && alnum(head, 1, 10) && alnum(tail, 5, 5);
            case "StatefulSet" -> kind.equals("Pod") && tail == null && digits(head);
            case "CronJob" -> kind.equals("Job") ? tail == null && digits(head)
                    : kind.equals("Pod") && tail != null && digits(head) && alnum(tail, 5, 5);
            default -> kind.equals("Pod") && tail == null && alnum(head, 5, 5);
        };
    }

    private static boolean alnum(String s, int min, int max) {
        if (s.length() < min || s.length() > max) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) return false;
        }
        return true;
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (!TimeScanner.isDigit(s.charAt(i))) return false;
        }
        return true;
    }

    boolean includes(Subject s) {
        return includes(s.kind(), s.namespace(), s.name());
    }

    /** True when the query is about one object and what relates to it. */
    boolean narrowed() {
        return related != null;
    }
}
