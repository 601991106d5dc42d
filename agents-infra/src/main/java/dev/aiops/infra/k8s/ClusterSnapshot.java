package dev.aiops.infra.k8s;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state of a cluster at one moment, the same whether it was read live or from a snapshot: Kubernetes
 * objects as the API serves them (JSON trees with {@code kind} set), container logs, and the files or
 * requests that could not be read. Immutable once built.
 */
public final class ClusterSnapshot {

    /** Where the state came from, as the diagnosis report's {@code source} says it. */
    public record Source(String type, String name) {
    }

    private final Source source;
    private final Map<String, List<JsonNode>> byKind;
    private final Map<String, Map<String, List<JsonNode>>> byKindAndNamespace = new HashMap<>();
    private final Map<String, JsonNode> byKey;
    private final Map<String, Map<String, List<String>>> logs;
    private final List<SnapshotWarning> warnings;

    private ClusterSnapshot(Builder b) {
        this.source = b.source;
        Map<String, List<JsonNode>> kinds = new LinkedHashMap<>();
        b.byKind.forEach((k, v) -> kinds.put(k, List.copyOf(v)));
        this.byKind = Collections.unmodifiableMap(kinds);
        kinds.forEach((kind, list) -> {
            Map<String, List<JsonNode>> perNs = new HashMap<>();
            for (JsonNode o : list) {
                String ns = K8s.namespace(o);
                if (ns != null) perNs.computeIfAbsent(ns, k -> new ArrayList<>()).add(o);
            }
            byKindAndNamespace.put(kind, perNs);
        });
        this.byKey = Map.copyOf(b.byKey);
        Map<String, Map<String, List<String>>> l = new HashMap<>();
        b.logs.forEach((pod, containers) -> {
            Map<String, List<String>> c = new LinkedHashMap<>();
            containers.forEach((name, lines) -> c.put(name, List.copyOf(lines)));
            l.put(pod, Collections.unmodifiableMap(c));
        });
        this.logs = Map.copyOf(l);
        this.warnings = List.copyOf(b.warnings);
    }

    public static Builder builder(Source source) {
        return new Builder(source);
    }

    public Source source() {
        return source;
    }

    /** Every object of {@code kind} (for example {@code Pod}), in the order read. */
    public List<JsonNode> objects(String kind) {
        return byKind.getOrDefault(kind, List.of());
    }

    /** The objects of {@code kind} in {@code namespace}. */
    public List<JsonNode> objects(String kind, String namespace) {
        Map<String, List<JsonNode>> perNs = byKindAndNamespace.get(kind);
        List<JsonNode> list = perNs == null ? null : perNs.get(namespace);
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    /** One object, or null; {@code namespace} is ignored for cluster-scoped kinds (pass null). */
    public JsonNode get(String kind, String namespace, String name) {
        return byKey.get(key(kind, namespace, name));
    }

    /** The kinds present, sorted. */
    public Set<String> kinds() {
        return new TreeSet<>(byKind.keySet());
    }

    /** Every namespace that holds at least one object, sorted. */
    public Set<String> namespaces() {
        Set<String> out = new TreeSet<>();
        for (List<JsonNode> list : byKind.values()) {
            for (JsonNode o : list) {
                String ns = K8s.namespace(o);
                if (ns != null) out.add(ns);
            }
        }
        return out;
    }

    public int objectCount() {
        int n = 0;
        for (List<JsonNode> list : byKind.values()) n += list.size();
        return n;
    }

    /** Log lines of each container of a pod (already redacted), container name to lines; empty when none. */
    public Map<String, List<String>> logs(String namespace, String pod) {
        return logs.getOrDefault(namespace + "/" + pod, Map.of());
    }

    /** Files or requests that could not be read; the rest of the snapshot is still complete. */
    public List<SnapshotWarning> warnings() {
        return warnings;
    }

    static String key(String kind, String namespace, String name) {
        return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    /** Collects objects, logs and warnings; later objects with the same kind, namespace and name win. */
    public static final class Builder {
        private final Source source;
        private final Map<String, List<JsonNode>> byKind = new LinkedHashMap<>();
        private final Map<String, JsonNode> byKey = new HashMap<>();
        private final Map<String, Map<String, List<String>>> logs = new HashMap<>();
        private final List<SnapshotWarning> warnings = new ArrayList<>();

        private Builder(Source source) {
            this.source = source;
        }

        /** Adds an object; it must carry {@code kind} and {@code metadata.name}. */
        public Builder add(ObjectNode object) {
            String kind = object.path("kind").asString("");
            String name = K8s.name(object);
            if (kind.isEmpty() || name == null) {
                throw new IllegalArgumentException("an object needs kind and metadata.name");
            }
            String key = key(kind, K8s.namespace(object), name);
            JsonNode previous = byKey.put(key, object);
            List<JsonNode> list = byKind.computeIfAbsent(kind, k -> new ArrayList<>());
            if (previous != null) {
                list.remove(previous);
            }
            list.add(object);
            return this;
        }

        public Builder addLogs(String namespace, String pod, String container, List<String> lines) {
            logs.computeIfAbsent(namespace + "/" + pod, k -> new LinkedHashMap<>())
                    .computeIfAbsent(container, k -> new ArrayList<>()).addAll(lines);
            return this;
        }

        public Builder warn(SnapshotWarning warning) {
            warnings.add(warning);
            return this;
        }

        public ClusterSnapshot build() {
            return new ClusterSnapshot(this);
        }
    }
}
