package dev.aiops.infra.k8s;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * What the snapshot can tell: a cluster's state (objects with their status, events, logs), manifests only
     * (objects as written, no status: configuration can be checked, nothing about how they run), or events only
     * (what the Warning events say, with none of the objects they are about).
     */
    public enum Coverage { STATE, MANIFESTS, EVENTS }

    /** An object's identity; namespace is null for cluster-scoped kinds. Hashes the parsed strings as they are. */
    private record Key(String kind, String namespace, String name) {
        // written out: these keys are hashed tens of thousands of times per snapshot
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(name, k.name) && Objects.equals(namespace, k.namespace)
                    && Objects.equals(kind, k.kind);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Objects.hashCode(kind) + Objects.hashCode(namespace)) + Objects.hashCode(name);
        }

        static Key of(String kind, JsonNode o) {
            JsonNode metadata = o.path("metadata");
            return new Key(kind, K8s.text(metadata.get("namespace")), K8s.text(metadata.get("name")));
        }
    }

    private final Source source;
    private final Map<String, List<JsonNode>> byKind;
    private final Map<String, Map<String, List<JsonNode>>> byKindAndNamespace;
    /** Per kind, objects by key: made the first time an object of that kind is looked up by name. */
    private final Map<String, Map<Key, JsonNode>> byKey = new ConcurrentHashMap<>();
    private final Map<Key, Map<String, LogText>> logs;
    private final List<SnapshotWarning> warnings;
    private final Coverage coverage;

    private ClusterSnapshot(Builder b) {
        this.source = b.source;
        // the builder is spent once built, so its collections are handed over instead of copied
        this.byKind = Collections.unmodifiableMap(b.byKind);
        this.byKindAndNamespace = b.byKindAndNamespace;
        Map<Key, Map<String, LogText>> l = new HashMap<>();
        // the texts are immutable, so the builder's maps are only wrapped
        b.logs.forEach((pod, containers) -> l.put(pod, Collections.unmodifiableMap(containers)));
        this.logs = l;
        this.warnings = List.copyOf(b.warnings);
        this.coverage = Coverage.STATE;
    }

    private ClusterSnapshot(ClusterSnapshot s, Source source, Coverage coverage, List<SnapshotWarning> warnings) {
        this.source = source;
        this.byKind = s.byKind;
        this.byKindAndNamespace = s.byKindAndNamespace;
        this.logs = s.logs;
        this.warnings = List.copyOf(warnings);
        this.coverage = coverage;
    }

    /** The same objects and logs, said to come from {@code source}, covering {@code coverage}, with these warnings. */
    ClusterSnapshot relabel(Source source, Coverage coverage, List<SnapshotWarning> warnings) {
        return new ClusterSnapshot(this, source, coverage, warnings);
    }

    public static Builder builder(Source source) {
        return new Builder(source);
    }

    public Source source() {
        return source;
    }

    /** Every object of {@code kind} (for example {@code Pod}), in the order read. */
    public List<JsonNode> objects(String kind) {
        List<JsonNode> list = byKind.get(kind);
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    /** The objects of {@code kind} in {@code namespace}. */
    public List<JsonNode> objects(String kind, String namespace) {
        Map<String, List<JsonNode>> perNs = byKindAndNamespace.get(kind);
        List<JsonNode> list = perNs == null ? null : perNs.get(namespace);
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    /** One object, or null; {@code namespace} is ignored for cluster-scoped kinds (pass null). */
    public JsonNode get(String kind, String namespace, String name) {
        Map<Key, JsonNode> ofKind = byKey.computeIfAbsent(kind, k -> {
            List<JsonNode> list = byKind.get(k);
            Map<Key, JsonNode> m = new HashMap<>(list == null ? 4 : list.size() * 2);
            if (list != null) {
                for (JsonNode o : list) m.put(Key.of(k, o), o);
            }
            return m;
        });
        return ofKind.get(new Key(kind, namespace, name));
    }

    /** The kinds present, sorted. */
    public Set<String> kinds() {
        return new TreeSet<>(byKind.keySet());
    }

    /** Every namespace that holds at least one object, sorted. */
    public Set<String> namespaces() {
        Set<String> out = new TreeSet<>();
        for (Map<String, List<JsonNode>> perNs : byKindAndNamespace.values()) {
            perNs.forEach((ns, list) -> {
                if (!list.isEmpty()) out.add(ns);
            });
        }
        return out;
    }

    public int objectCount() {
        int n = 0;
        for (List<JsonNode> list : byKind.values()) n += list.size();
        return n;
    }

    /** Log lines of each container of a pod (redacted as they are read), container name to lines; empty when none. */
    public Map<String, List<String>> logs(String namespace, String pod) {
        return Collections.unmodifiableMap(containerLogs(namespace, pod));
    }

    /** The same logs as {@link #logs}, as texts an analysis can search without reading every line. */
    public Map<String, LogText> containerLogs(String namespace, String pod) {
        return logs.isEmpty() ? Map.of() : logs.getOrDefault(new Key("Pod", namespace, pod), Map.of());
    }

    /** What the snapshot can tell; {@link Coverage#STATE} for a dump or a live read. */
    public Coverage coverage() {
        return coverage;
    }

    /** Files or requests that could not be read; the rest of the snapshot is still complete. */
    public List<SnapshotWarning> warnings() {
        return warnings;
    }

    /**
     * Collects objects, logs and warnings. An object that arrives again (same kind, namespace and name) in a later
     * file or page replaces the earlier one. Lists are kept as objects arrive; {@link #build()} hands them to the
     * snapshot, after which the builder takes nothing more.
     */
    public static final class Builder {
        private final Source source;
        private final Map<String, List<JsonNode>> byKind = new LinkedHashMap<>();
        private final Map<String, Map<String, List<JsonNode>>> byKindAndNamespace = new HashMap<>();
        /** Runs of one kind and namespace seen so far, and the kinds a later run came back to (may hold repeats). */
        private final Set<Key> runs = new HashSet<>();
        private final Set<String> revisited = new HashSet<>();
        private final Map<Key, Map<String, LogText>> logs = new HashMap<>();
        private final List<SnapshotWarning> warnings = new ArrayList<>();
        private boolean built;
        private String lastKind;
        private String lastNamespace;
        private List<JsonNode> lastList;
        private List<JsonNode> lastInNamespace;

        private Builder(Source source) {
            this.source = source;
        }

        /** Adds an object; it must carry {@code kind} and {@code metadata.name}. */
        public Builder add(ObjectNode object) {
            String kind = K8s.text(object.get("kind"));
            JsonNode metadata = object.get("metadata");
            String name = metadata == null ? null : K8s.text(metadata.get("name"));
            if (kind == null || kind.isEmpty() || name == null) {
                throw new IllegalArgumentException("an object needs kind and metadata.name");
            }
            return add(object, kind, K8s.text(metadata.get("namespace")));
        }

        /**
         * Adds an object whose kind and namespace the caller has already read. Objects come file by file (or page
         * by page), so consecutive objects share a kind and namespace: such a run goes into the lists it started,
         * and only a kind whose run for a namespace starts a second time is checked for repeats, once, when built.
         */
        Builder add(JsonNode object, String kind, String ns) {
            checkOpen();
            if (!kind.equals(lastKind) || !Objects.equals(ns, lastNamespace)) {
                lastKind = kind;
                lastNamespace = ns;
                if (!runs.add(new Key(kind, ns, null))) revisited.add(kind);
                lastList = byKind.computeIfAbsent(kind, k -> new ArrayList<>());
                lastInNamespace = ns == null ? null : byKindAndNamespace.computeIfAbsent(kind, k -> new HashMap<>())
                        .computeIfAbsent(ns, k -> new ArrayList<>());
            }
            lastList.add(object);
            if (lastInNamespace != null) lastInNamespace.add(object);
            return this;
        }

        /** An object added so far, or null: a scan, for the few lookups made while a snapshot is read. */
        JsonNode added(String kind, String namespace, String name) {
            Map<String, List<JsonNode>> perNs = byKindAndNamespace.get(kind);
            List<JsonNode> list = perNs == null ? null : perNs.get(namespace);
            if (list == null) return null;
            for (int i = list.size() - 1; i >= 0; i--) {
                if (name.equals(K8s.name(list.get(i)))) return list.get(i);
            }
            return null;
        }

        /** Adds log lines the caller has redacted; lines added again for the same container come after them. */
        public Builder addLogs(String namespace, String pod, String container, List<String> lines) {
            return addLog(namespace, pod, container, LogText.of(lines));
        }

        Builder addLog(String namespace, String pod, String container, LogText text) {
            checkOpen();
            logs.computeIfAbsent(new Key("Pod", namespace, pod), k -> new LinkedHashMap<>())
                    .merge(container, text, LogText::append);
            return this;
        }

        public Builder warn(SnapshotWarning warning) {
            checkOpen();
            warnings.add(warning);
            return this;
        }

        public ClusterSnapshot build() {
            checkOpen();
            built = true;
            for (String kind : revisited) dropReplaced(kind);
            return new ClusterSnapshot(this);
        }

        /** Keeps the last of each object of {@code kind} that arrived more than once, where it arrived last. */
        private void dropReplaced(String kind) {
            Map<Key, JsonNode> last = new LinkedHashMap<>();
            for (JsonNode o : byKind.get(kind)) {
                Key key = Key.of(kind, o);
                last.remove(key);
                last.put(key, o);
            }
            if (last.size() == byKind.get(kind).size()) return;
            List<JsonNode> kept = new ArrayList<>(last.values());
            byKind.put(kind, kept);
            Map<String, List<JsonNode>> perNs = byKindAndNamespace.get(kind);
            if (perNs != null) {
                perNs.clear();
                for (JsonNode o : kept) {
                    String ns = K8s.namespace(o);
                    if (ns != null) perNs.computeIfAbsent(ns, k -> new ArrayList<>()).add(o);
                }
            }
        }

        private void checkOpen() {
            if (built) throw new IllegalStateException("this builder has already built its snapshot");
        }
    }
}
