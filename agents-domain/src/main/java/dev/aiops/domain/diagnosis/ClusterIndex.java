package dev.aiops.domain.diagnosis;

import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Lookups analyzers share, built once per diagnosis in linear time: events by involved object, pods by
 * top-level controller, and owner resolution (Pod to ReplicaSet to Deployment, Job to CronJob). Once built it
 * may be read from several threads, as {@link Diagnoser} does with its analyzers.
 */
public final class ClusterIndex {

    /** A pod by namespace and name. */
    private record PodKey(String namespace, String name) {
        // written out, as ObjectRef's: these keys are hashed for every pod
        @Override
        public boolean equals(Object o) {
            return o instanceof PodKey k && Objects.equals(name, k.name) && Objects.equals(namespace, k.namespace);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(namespace) + Objects.hashCode(name);
        }
    }

    /** One label of pods in a namespace. */
    private record LabelKey(String namespace, String key, String value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof LabelKey k && Objects.equals(value, k.value) && Objects.equals(key, k.key)
                    && Objects.equals(namespace, k.namespace);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Objects.hashCode(namespace) + Objects.hashCode(key)) + Objects.hashCode(value);
        }
    }

    /** The events of one object with their times, sorted oldest first the first time they are asked for. */
    private static final class Events {
        private final List<JsonNode> events = new ArrayList<>(4);
        private final List<String> times = new ArrayList<>(4);
        /** Analyzers may run on several threads: the sorted list is made whole before it is published. */
        private volatile List<JsonNode> sorted;

        List<JsonNode> sorted() {
            List<JsonNode> sorted = this.sorted;
            if (sorted == null) {
                if (events.size() < 2) {
                    sorted = Collections.unmodifiableList(events);
                } else {
                    Integer[] order = new Integer[events.size()];
                    for (int i = 0; i < order.length; i++) order[i] = i;
                    // stable, so events with the same time keep the order they were read in
                    Arrays.sort(order, Comparator.comparing(times::get));
                    List<JsonNode> out = new ArrayList<>(order.length);
                    for (Integer i : order) out.add(events.get(i));
                    sorted = Collections.unmodifiableList(out);
                }
                this.sorted = sorted;
            }
            return sorted;
        }
    }

    private static final String[] EVENT_TIMES = {"lastTimestamp", "eventTime", "firstTimestamp"};

    private final ClusterSnapshot snapshot;
    private final Map<ObjectRef, Events> eventsByObject;
    private final Map<ObjectRef, List<JsonNode>> podsByOwner = new HashMap<>();
    /** By the snapshot's own pod objects; a pod from elsewhere is looked up by namespace and name. */
    private final Map<JsonNode, ObjectRef> ownerOfPod = new IdentityHashMap<>();
    private volatile Map<PodKey, ObjectRef> ownerByName;
    /** Pods by each of their labels, so selectors need not scan every pod. */
    private final Map<LabelKey, List<JsonNode>> podsByLabel = new HashMap<>();
    private final Map<String, JsonNode> serviceByClusterIp = new HashMap<>();
    private final Instant now;

    public ClusterIndex(ClusterSnapshot snapshot) {
        this(snapshot, Runnable::run);
    }

    /** Builds the index, grouping the events on {@code executor} while the calling thread indexes the pods. */
    public ClusterIndex(ClusterSnapshot snapshot, Executor executor) {
        this.snapshot = snapshot;
        CompletableFuture<EventIndex> events = CompletableFuture.supplyAsync(() -> indexEvents(snapshot), executor);
        for (JsonNode pod : snapshot.objects("Pod")) {
            JsonNode metadata = pod.path("metadata");
            String ns = K8s.text(metadata.get("namespace"));
            for (Map.Entry<String, JsonNode> l : metadata.path("labels").properties()) {
                // a snapshot reader leaves out objects with labels that are not strings; other sources may not
                if (!l.getValue().isString()) continue;
                podsByLabel.computeIfAbsent(new LabelKey(ns, l.getKey(), l.getValue().asString()),
                        k -> new ArrayList<>()).add(pod);
            }
            ObjectRef owner = resolveOwner(pod);
            if (owner != null) {
                ownerOfPod.put(pod, owner);
                podsByOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(pod);
            }
        }
        for (JsonNode svc : snapshot.objects("Service")) {
            String ip = K8s.text(svc, "spec", "clusterIP");
            if (ip != null && !ip.equals("None")) serviceByClusterIp.putIfAbsent(ip, svc);
        }
        EventIndex e = events.join();
        this.eventsByObject = e.byObject;
        Instant newest = parse(e.latest);
        this.now = newest != null ? newest : Instant.now();
    }

    private record EventIndex(Map<ObjectRef, Events> byObject, String latest) {
    }

    private static EventIndex indexEvents(ClusterSnapshot snapshot) {
        Map<ObjectRef, Events> byObject = new HashMap<>();
        String latest = null;
        for (JsonNode e : snapshot.objects("Event")) {
            JsonNode io = e.path("involvedObject");
            String ns = K8s.text(io, "namespace", null);
            ObjectRef about = new ObjectRef(K8s.text(io, "kind", null), ns != null ? ns : K8s.namespace(e),
                    K8s.text(io, "name", null));
            String t = eventTimeText(e);
            Events events = byObject.computeIfAbsent(about, k -> new Events());
            events.events.add(e);
            // RFC 3339 timestamps in UTC compare as text, so nothing is parsed until the one that matters
            events.times.add(t == null ? "null" : t);
            if (t != null && (latest == null || t.compareTo(latest) > 0)) latest = t;
        }
        return new EventIndex(byObject, latest);
    }

    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    /** The moment the snapshot describes: its newest event, or the current time when it has none. */
    public Instant now() {
        return now;
    }

    public List<JsonNode> objects(String kind) {
        return snapshot.objects(kind);
    }

    public JsonNode get(String kind, String namespace, String name) {
        return snapshot.get(kind, namespace, name);
    }

    /** The Service with this ClusterIP, or null. */
    public JsonNode serviceWithClusterIp(String ip) {
        return serviceByClusterIp.get(ip);
    }

    /** Events about one object, oldest first. */
    public List<JsonNode> events(String kind, String namespace, String name) {
        Events events = eventsByObject.get(new ObjectRef(kind, namespace, name));
        return events == null ? List.of() : events.sorted();
    }

    public List<JsonNode> events(JsonNode object) {
        return events(K8s.kind(object), K8s.namespace(object), K8s.name(object));
    }

    /** The top-level controller of a pod (Deployment, StatefulSet, DaemonSet, CronJob, Job, ...), or null. */
    public ObjectRef ownerOf(JsonNode pod) {
        ObjectRef owner = ownerOfPod.get(pod);
        if (owner != null || ownerOfPod.isEmpty()) return owner;
        if (ownerByName == null) {
            Map<PodKey, ObjectRef> byName = new HashMap<>();
            ownerOfPod.forEach((p, o) -> byName.put(new PodKey(K8s.namespace(p), K8s.name(p)), o));
            ownerByName = byName;
        }
        return ownerByName.get(new PodKey(K8s.namespace(pod), K8s.name(pod)));
    }

    /** The pods whose top-level controller is {@code owner}. */
    public List<JsonNode> podsOf(ObjectRef owner) {
        return podsByOwner.getOrDefault(owner, List.of());
    }

    /** Pods in {@code namespace} whose labels include every pair of {@code selector}. */
    public List<JsonNode> podsMatching(String namespace, JsonNode selector) {
        List<JsonNode> out = new ArrayList<>();
        if (selector == null || !selector.isObject() || selector.isEmpty()) return out;
        List<JsonNode> candidates = null;
        for (Map.Entry<String, JsonNode> e : selector.properties()) {
            List<JsonNode> c = podsByLabel.getOrDefault(new LabelKey(namespace, e.getKey(), e.getValue().asString()),
                    List.of());
            if (candidates == null || c.size() < candidates.size()) candidates = c;
        }
        for (JsonNode pod : candidates) {
            if (matches(pod.path("metadata").path("labels"), selector)) out.add(pod);
        }
        return out;
    }

    /** True when {@code labels} hold every key/value of a plain selector map. */
    public static boolean matches(JsonNode labels, JsonNode selector) {
        for (Map.Entry<String, JsonNode> e : selector.properties()) {
            if (!e.getValue().asString("").equals(labels.path(e.getKey()).asString(null))) return false;
        }
        return true;
    }

    /** True when {@code labels} satisfy a LabelSelector ({@code matchLabels} and {@code matchExpressions}). */
    public static boolean matchesSelector(JsonNode labels, JsonNode labelSelector) {
        if (labelSelector.has("matchLabels") && !matches(labels, labelSelector.get("matchLabels"))) return false;
        for (JsonNode expr : labelSelector.path("matchExpressions")) {
            String key = expr.path("key").asString("");
            String op = expr.path("operator").asString("");
            List<String> values = new ArrayList<>();
            expr.path("values").forEach(v -> values.add(v.asString()));
            String actual = labels.path(key).asString(null);
            boolean ok = switch (op) {
                case "In" -> actual != null && values.contains(actual);
                case "NotIn" -> actual == null || !values.contains(actual);
                case "Exists" -> actual != null;
                case "DoesNotExist" -> actual == null;
                default -> true;
            };
            if (!ok) return false;
        }
        return true;
    }

    private ObjectRef resolveOwner(JsonNode pod) {
        JsonNode ref = K8s.controllerOf(pod);
        if (ref == null) return null;
        String ns = K8s.namespace(pod);
        String kind = ref.path("kind").asString("");
        String name = ref.path("name").asString("");
        if (kind.equals("ReplicaSet")) {
            JsonNode rs = snapshot.get("ReplicaSet", ns, name);
            JsonNode rsOwner = rs == null ? null : K8s.controllerOf(rs);
            if (rsOwner != null) {
                return new ObjectRef(rsOwner.path("kind").asString(), ns, rsOwner.path("name").asString());
            }
            int dash = name.lastIndexOf('-');
            if (rs == null && dash > 0 && snapshot.get("Deployment", ns, name.substring(0, dash)) != null) {
                return new ObjectRef("Deployment", ns, name.substring(0, dash));
            }
        }
        if (kind.equals("Job")) {
            JsonNode job = snapshot.get("Job", ns, name);
            JsonNode jobOwner = job == null ? null : K8s.controllerOf(job);
            if (jobOwner != null && "CronJob".equals(jobOwner.path("kind").asString())) {
                return new ObjectRef("CronJob", ns, jobOwner.path("name").asString());
            }
        }
        return new ObjectRef(kind, ns, name);
    }

    /** When an event last happened: lastTimestamp, eventTime, series.lastObservedTime or firstTimestamp. */
    public static Instant eventTime(JsonNode e) {
        for (String f : new String[] {"lastTimestamp", "eventTime", "firstTimestamp"}) {
            Instant t = instant(e.get(f));
            if (t != null) return t;
        }
        Instant t = instant(e.path("series").get("lastObservedTime"));
        return t != null ? t : instant(e.path("metadata").get("creationTimestamp"));
    }

    private static String eventTimeText(JsonNode e) {
        for (String f : EVENT_TIMES) {
            String t = K8s.text(e, f, null);
            if (t != null && !t.isEmpty()) return t;
        }
        String t = K8s.text(e, "series", "lastObservedTime");
        return t != null ? t : K8s.text(e, "metadata", "creationTimestamp");
    }

    public static Instant instant(JsonNode n) {
        return parse(K8s.text(n));
    }

    private static Instant parse(String s) {
        if (s == null || s.isEmpty()) return null;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
