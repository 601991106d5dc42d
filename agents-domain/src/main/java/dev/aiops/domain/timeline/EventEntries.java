package dev.aiops.domain.timeline;

import static dev.aiops.domain.timeline.TimeScanner.NONE;

import dev.aiops.domain.timeline.TimelineEntry.Level;
import dev.aiops.domain.timeline.TimelineEntry.Source;
import dev.aiops.domain.timeline.TimelineEntry.Subject;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Events as entries, in both shapes the API serves: core/v1 ({@code involvedObject}, {@code message},
 * {@code count}, {@code firstTimestamp}, {@code lastTimestamp}) and events.k8s.io/v1 ({@code regarding},
 * {@code note}, {@code eventTime}, {@code series.count}, {@code series.lastObservedTime}, {@code deprecatedCount},
 * {@code deprecatedFirstTimestamp}, {@code deprecatedLastTimestamp}). A series, and Event objects that say the same
 * thing about the same object, become one entry with {@code count}, {@code firstTime} and {@code lastTime}.
 *
 * <p>Levels: a {@code Warning} is a warning; reasons that mean something does not run or was lost are errors
 * whatever their type ({@link #ERROR_REASONS}: {@code Failed}, {@code BackOff}, {@code OOMKilling},
 * {@code FailedMount}, {@code Evicted}, {@code FailedCreate}, {@code BackoffLimitExceeded}...). {@code Unhealthy}
 * (a failing probe) and {@code FailedScheduling} stay warnings: they are often transient (a slow start, a node being
 * added), and what they lead to (a restart, a pod that stays Pending) has entries of its own. Node pressure and
 * readiness reasons are warnings even when the kubelet reports them as Normal.
 */
final class EventEntries {

    static final Set<String> ERROR_REASONS = Set.of("Failed", "BackOff", "OOMKilling", "SystemOOM",
            "FailedCreatePodSandBox", "FailedCreatePodContainer", "FailedMount", "FailedAttachVolume", "FailedMapVolume",
            "BackoffLimitExceeded", "DeadlineExceeded", "FailedCreate", "Evicted", "FailedKillPod", "InspectFailed",
            "ErrImageNeverPull", "FailedPostStartHook", "FailedPreStopHook", "ExceededGracePeriod",
            "ProvisioningFailed", "FailedBinding", "FailedSync", "ContainerGCFailed", "ImageGCFailed",
            "NetworkNotReady", "FailedCreatePodSandbox");
    static final Set<String> WARNING_REASONS = Set.of("Unhealthy", "FailedScheduling", "NodeNotReady",
            "NodeNotSchedulable", "NodeHasDiskPressure", "NodeHasInsufficientMemory", "NodeHasInsufficientPID",
            "EvictionThresholdMet", "Rebooted", "ProbeWarning", "FreeDiskSpaceFailed", "TaintManagerEviction",
            "FailedGetScale", "FailedGetResourceMetric", "FailedComputeMetricsReplicas", "NotTriggerScaleUp");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Node", "Namespace", "PersistentVolume", "StorageClass",
            "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "IngressClass",
            "CSIDriver", "CSINode", "VolumeAttachment", "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration", "APIService", "CertificateSigningRequest", "RuntimeClass");
    private static final String CONTROL_PLANE = "event@control-plane";

    /** Entries that say the same about the same object; hashed once, as runs are merged by it. */
    private static final class Same {
        private final Subject object;
        private final String type;
        private final String reason;
        private final String message;
        private final int hash;

        Same(Subject object, String type, String reason, String message) {
            this.object = object;
            this.type = type;
            this.reason = reason;
            this.message = message;
            this.hash = 31 * (31 * (31 * object.hashCode() + Objects.hashCode(type)) + Objects.hashCode(reason))
                    + message.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Same s && hash == s.hash && message.equals(s.message)
                    && Objects.equals(reason, s.reason) && object.equals(s.object) && Objects.equals(type, s.type);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** When each ReplicaSet ({@code namespace/name}) was last scaled up, for the rollouts' rollback entries. */
    final Map<String, Long> scaledUp = new HashMap<>();
    /** The entries so far, in the order their first event was read; counts of what was left out in {@link #w}. */
    private final Map<Same, Draft> series;
    private final Window w;

    /**
     * @param w        the window; its drafts are not touched: {@link #drafts()} are added once all runs are merged
     * @param expected about how many events this will hold, merged runs included
     */
    EventEntries(Window w, int expected) {
        this.w = w;
        this.series = new LinkedHashMap<>(Math.max(16, expected + expected / 3));
    }

    /** The events in scope of the snapshot, the list {@link #read} takes (in runs, when split). */
    static List<JsonNode> events(ClusterSnapshot s, Scope scope) {
        return scope.namespace() == null ? s.objects("Event") : s.objects("Event", scope.namespace());
    }

    /** The window's counts of events left out (its drafts stay empty). */
    Window window() {
        return w;
    }

    /** The entries, in the order their first event was read. */
    Collection<Draft> drafts() {
        return series.values();
    }

    /** Adds the entries of a run of events read after this one's: those that say the same are collapsed. */
    void merge(EventEntries later) {
        later.scaledUp.forEach((rs, t) -> scaledUp.merge(rs, t, Math::max));
        w.merge(later.w);
        for (Map.Entry<Same, Draft> e : later.series.entrySet()) {
            Draft d = series.get(e.getKey());
            if (d == null) {
                series.put(e.getKey(), e.getValue());
            } else {
                collapse(d, e.getValue().count, e.getValue().at, e.getValue().first, e.getValue().last,
                        e.getValue().uncertain);
            }
        }
    }

    private static void collapse(Draft d, int count, long at, long first, long last, boolean uncertain) {
        d.count += count;
        d.at = Math.min(d.at, at);
        d.first = Math.min(d.first, first);
        d.last = Math.max(d.last, last);
        d.uncertain &= uncertain;
    }

    void read(List<JsonNode> events, Scope scope) {
        Map<String, String> clocks = new HashMap<>();
        String ns = scope.namespace();
        // without a namespace or an object every event is in scope: its time alone decides, read first
        boolean everything = ns == null && !scope.narrowed();
        for (JsonNode e : events) {
            String reason = K8s.text(e, "reason", null);
            boolean scaling = "ScalingReplicaSet".equals(reason);
            long first = first(e);
            long last = Math.max(first, last(e));
            if (everything && !scaling && first != NONE && (last < w.since || first > w.until)) {
                if (last < w.since) w.before++;
                else w.after++;
                continue;
            }
            String ref = e.has("involvedObject") ? "involvedObject" : "regarding";
            String kind = K8s.text(e, ref, "kind");
            String name = K8s.text(e, ref, "name");
            if (kind == null || name == null) continue;
            String objectNs = K8s.text(e, ref, "namespace");
            if (objectNs == null || objectNs.isEmpty()) objectNs = CLUSTER_SCOPED.contains(kind) ? null : K8s.namespace(e);
            String message = K8s.text(e, "message", null);
            if (message == null) message = K8s.text(e, "note", null);
            message = message == null ? "" : message.strip();
            if (scaling) noteScaleUp(objectNs, message, last);
            if (!scope.includes(kind, objectNs, name)) continue;
            if (first == NONE) {
                w.undated++;
                continue;
            }
            long at;
            boolean uncertain = false;
            if (last < w.since) {
                w.before++;
                continue;
            } else if (first > w.until) {
                w.after++;
                continue;
            } else if (first >= w.since) {
                at = first;
            } else if (last <= w.until) {
                at = last;
            } else {
                // began before the window and went on after it: its occurrences within are not recorded
                at = w.since;
                uncertain = true;
            }
            String type = K8s.text(e, "type", null);
            Subject object = new Subject(kind, objectNs, name, container(K8s.text(e, ref, "fieldPath")));
            int count = count(e);
            Same key = new Same(object, type, reason, message);
            Draft d = series.get(key);
            if (d != null) {
                collapse(d, count, at, first, last, uncertain);
                continue;
            }
            d = new Draft(at, Source.EVENT, object, level(type, reason), reason, message.isEmpty() && reason != null
                    ? reason : message, clock(e, clocks));
            d.count = count;
            d.first = first;
            d.last = last;
            d.uncertain = uncertain;
            if ("Warning".equals(type) || "Unhealthy".equals(reason)) d.signal(Draft.Signal.ALERT);
            else if ("ConfigMap".equals(kind) || "Secret".equals(kind)) d.signal(Draft.Signal.CHANGE);
            else if ("DeploymentRollback".equals(reason)) d.signal(Draft.Signal.RECOVERY);
            series.put(key, d);
        }
    }

    static Level level(String type, String reason) {
        if (reason != null && ERROR_REASONS.contains(reason)) return Level.ERROR;
        if ("Warning".equals(type) || reason != null && WARNING_REASONS.contains(reason)) return Level.WARNING;
        return Level.INFO;
    }

    static long first(JsonNode e) {
        long t = TimeScanner.instant(K8s.text(e, "firstTimestamp", null));
        if (t == NONE) t = TimeScanner.instant(K8s.text(e, "deprecatedFirstTimestamp", null));
        if (t == NONE) t = TimeScanner.instant(K8s.text(e, "eventTime", null));
        return t != NONE ? t : TimeScanner.instant(K8s.text(e.path("metadata"), "creationTimestamp", null));
    }

    static long last(JsonNode e) {
        long t = TimeScanner.instant(K8s.text(e, "series", "lastObservedTime"));
        t = Math.max(t, TimeScanner.instant(K8s.text(e, "lastTimestamp", null)));
        t = Math.max(t, TimeScanner.instant(K8s.text(e, "deprecatedLastTimestamp", null)));
        return Math.max(t, TimeScanner.instant(K8s.text(e, "eventTime", null)));
    }

    private static int count(JsonNode e) {
        int n = Math.max(1, e.path("count").asInt(1));
        n = Math.max(n, e.path("series").path("count").asInt(1));
        return Math.max(n, e.path("deprecatedCount").asInt(1));
    }

    /** The container of {@code spec.containers{app}} (also init and ephemeral containers), or null. */
    static String container(String fieldPath) {
        if (fieldPath == null) return null;
        int open = fieldPath.indexOf('{');
        int close = fieldPath.indexOf('}', open + 1);
        return open > 0 && close > open + 1 ? fieldPath.substring(open + 1, close) : null;
    }

    /** The kubelet's node for node-local events, else the control plane's clock; one string per clock. */
    private static String clock(JsonNode e, Map<String, String> clocks) {
        String host = K8s.text(e, "source", "host");
        if (host == null) host = K8s.text(e, "deprecatedSource", "host");
        if (host == null && "kubelet".equals(K8s.text(e, "reportingComponent", null))) {
            host = K8s.text(e, "reportingInstance", null);
        }
        return host == null || host.isEmpty() ? CONTROL_PLANE : clocks.computeIfAbsent(host, h -> "event@" + h);
    }

    /** {@code Scaled up replica set web-5d8f to 3} (with {@code from 1} since 1.27). */
    private void noteScaleUp(String ns, String message, long at) {
        String prefix = "Scaled up replica set ";
        if (!message.startsWith(prefix) || at == NONE) return;
        int end = message.indexOf(' ', prefix.length());
        if (end > 0) scaledUp.merge(ns + "/" + message.substring(prefix.length(), end), at, Math::max);
    }
}
