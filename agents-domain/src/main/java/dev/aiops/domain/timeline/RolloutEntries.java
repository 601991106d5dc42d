package dev.aiops.domain.timeline;

import static dev.aiops.domain.timeline.TimeScanner.NONE;

import dev.aiops.domain.timeline.TimelineEntry.Level;
import dev.aiops.domain.timeline.TimelineEntry.Source;
import dev.aiops.domain.timeline.TimelineEntry.Subject;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Rollouts and configuration changes: Deployments created, each new ReplicaSet with its revision and what changed
 * in the pod template since the revision before (images by container, and which other fields), rollbacks (a
 * ReplicaSet brought back to a new revision, when it was scaled up again), {@code kubectl rollout restart},
 * Deployment conditions ({@code Progressing}, {@code Available}, {@code ReplicaFailure} with their reasons, e.g.
 * {@code ProgressDeadlineExceeded}), new revisions of StatefulSets and DaemonSets (ControllerRevisions), and
 * ConfigMaps and Secrets created. Scale steps are the {@code ScalingReplicaSet} events.
 */
final class RolloutEntries {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
    private static final String CLOCK = "rollout@control-plane";
    private static final String[] CONTAINER_FIELDS = {"image", "command", "args", "env", "envFrom", "resources",
        "ports", "volumeMounts", "readinessProbe", "livenessProbe", "startupProbe", "securityContext"};

    private final Map<String, Long> scaledUp;

    /** @param scaledUp when each ReplicaSet ({@code namespace/name}) was last scaled up, from the events */
    RolloutEntries(Map<String, Long> scaledUp) {
        this.scaledUp = scaledUp;
    }

    void read(ClusterSnapshot s, Scope scope, Window w) {
        String ns = scope.namespace();
        for (JsonNode d : objects(s, "Deployment", ns)) {
            if (!scope.includes("Deployment", K8s.namespace(d), K8s.name(d))) continue;
            Subject object = Subject.of("Deployment", K8s.namespace(d), K8s.name(d));
            created(d, object, "Deployment " + object.name() + " created", w);
            restarted(d, object, w);
            conditions(d, object, w);
        }
        replicaSets(s, scope, ns, w);
        for (String kind : new String[] {"StatefulSet", "DaemonSet"}) {
            for (JsonNode o : objects(s, kind, ns)) {
                if (!scope.includes(kind, K8s.namespace(o), K8s.name(o))) continue;
                restarted(o, Subject.of(kind, K8s.namespace(o), K8s.name(o)), w);
            }
        }
        for (JsonNode r : objects(s, "ControllerRevision", ns)) {
            JsonNode owner = K8s.controllerOf(r);
            String ownerKind = owner == null ? null : K8s.text(owner, "kind", null);
            String ownerName = owner == null ? null : K8s.text(owner, "name", null);
            if (ownerKind == null || ownerName == null || !scope.includes(ownerKind, K8s.namespace(r), ownerName)
                    && !scope.includes("ControllerRevision", K8s.namespace(r), K8s.name(r))) {
                continue;
            }
            created(r, Subject.of(ownerKind, K8s.namespace(r), ownerName), "new revision " + r.path("revision")
                    .asLong(0) + " of " + ownerKind + " " + ownerName + " (" + K8s.name(r) + ")", w);
        }
        for (String kind : new String[] {"ConfigMap", "Secret"}) {
            for (JsonNode o : objects(s, kind, ns)) {
                if (!scope.includes(kind, K8s.namespace(o), K8s.name(o))
                        || "kubernetes.io/service-account-token".equals(K8s.text(o, "type", null))) {
                    continue;
                }
                created(o, Subject.of(kind, K8s.namespace(o), K8s.name(o)), configText(kind, o), w);
            }
        }
    }

    private static List<JsonNode> objects(ClusterSnapshot s, String kind, String ns) {
        return ns == null ? s.objects(kind) : s.objects(kind, ns);
    }

    private static String configText(String kind, JsonNode o) {
        String name = K8s.name(o);
        String helm = "sh.helm.release.v1.";
        if (kind.equals("Secret") && name.startsWith(helm)) {
            int v = name.lastIndexOf(".v");
            if (v > helm.length()) {
                return "Helm release " + name.substring(helm.length(), v) + " revision " + name.substring(v + 2)
                        + " installed or upgraded (Secret " + name + " created)";
            }
        }
        return kind + " " + name + " created";
    }

    /** A change at the object's creation. */
    private static void created(JsonNode o, Subject object, String text, Window w) {
        long t = TimeScanner.instant(K8s.text(o.path("metadata"), "creationTimestamp", null));
        if (t != NONE && w.admits(t)) {
            w.add(new Draft(t, Source.ROLLOUT, object, Level.INFO, "Created", text, CLOCK)).signal(Draft.Signal.CHANGE);
        }
    }

    /** {@code kubectl rollout restart}: the time it wrote into the pod template. */
    private static void restarted(JsonNode o, Subject object, Window w) {
        String at = K8s.text(o.path("spec").path("template").path("metadata").path("annotations"), RESTARTED_AT,
                null);
        long t = TimeScanner.instant(at);
        if (t != NONE && w.admits(t)) {
            w.add(new Draft(t, Source.ROLLOUT, object, Level.INFO, "RolloutRestart", "rollout restart of "
                    + object.kind() + " " + object.name(), CLOCK)).signal(Draft.Signal.CHANGE);
        }
    }

    private static void conditions(JsonNode d, Subject object, Window w) {
        for (JsonNode c : K8s.list(d.path("status").get("conditions"))) {
            String type = K8s.text(c, "type", null);
            String value = K8s.text(c, "status", null);
            long t = TimeScanner.instant(K8s.text(c, "lastTransitionTime", null));
            if ("Progressing".equals(type)) {
                // Progressing stays True from one rollout to the next: its reason changes at lastUpdateTime
                t = Math.max(t, TimeScanner.instant(K8s.text(c, "lastUpdateTime", null)));
            }
            if (t == NONE || !w.admits(t)) continue;
            String reason = K8s.text(c, "reason", null);
            String message = K8s.text(c, "message", null);
            boolean failing = "False".equals(value) && ("Progressing".equals(type) || "Available".equals(type))
                    || "True".equals(value) && "ReplicaFailure".equals(type);
            Draft e = w.add(new Draft(t, Source.ROLLOUT, object, failing ? Level.ERROR : Level.INFO, reason, type + "="
                    + value + (reason == null ? "" : " (" + reason + ")") + (message == null || message.isBlank()
                    ? "" : ": " + message.strip()), CLOCK));
            if ("Available".equals(type) && "True".equals(value)) e.signal(Draft.Signal.RECOVERY);
        }
    }

    private void replicaSets(ClusterSnapshot s, Scope scope, String ns, Window w) {
        Map<String, List<JsonNode>> byOwner = new HashMap<>();
        List<JsonNode> inScope = new ArrayList<>();
        for (JsonNode rs : objects(s, "ReplicaSet", ns)) {
            JsonNode owner = K8s.controllerOf(rs);
            if (owner != null) {
                byOwner.computeIfAbsent(K8s.namespace(rs) + "/" + K8s.text(owner, "name", null),
                        k -> new ArrayList<>()).add(rs);
            }
            if (scope.includes("ReplicaSet", K8s.namespace(rs), K8s.name(rs))) inScope.add(rs);
        }
        for (JsonNode rs : inScope) {
            String rsNs = K8s.namespace(rs);
            String name = K8s.name(rs);
            Subject object = Subject.of("ReplicaSet", rsNs, name);
            JsonNode owner = K8s.controllerOf(rs);
            String deployment = owner != null && "Deployment".equals(K8s.text(owner, "kind", null))
                    ? K8s.text(owner, "name", null) : null;
            long revision = revision(rs);
            long t = TimeScanner.instant(K8s.text(rs.path("metadata"), "creationTimestamp", null));
            JsonNode previous = deployment == null ? null : previous(byOwner.get(rsNs + "/" + deployment), revision,
                    rs);
            if (t != NONE && w.admits(t)) {
                StringBuilder text = new StringBuilder("new ReplicaSet ").append(name);
                if (deployment != null) text.append(" of Deployment ").append(deployment);
                if (revision > 0) text.append(", revision ").append(revision);
                text.append(": ").append(changes(previous, rs));
                String cause = K8s.annotation(rs, CHANGE_CAUSE);
                if (cause != null) text.append(" (change cause: ").append(cause).append(')');
                w.add(new Draft(t, Source.ROLLOUT, object, Level.INFO, "NewReplicaSet", text.toString(), CLOCK))
                        .signal(Draft.Signal.CHANGE);
            }
            String history = K8s.annotation(rs, REVISION_HISTORY);
            Long back = scaledUp.get(rsNs + "/" + name);
            if (history != null && back != null && (t == NONE || back > t) && w.admits(back)) {
                w.add(new Draft(back, Source.ROLLOUT, object, Level.INFO, "Rollback", (deployment == null ? ""
                        : "Deployment " + deployment + " ") + "back to ReplicaSet " + name + " as revision " + revision
                        + " (it was revision " + history + ")", CLOCK)).signal(Draft.Signal.RECOVERY);
            }
        }
    }

    private static long revision(JsonNode rs) {
        String r = K8s.annotation(rs, REVISION);
        try {
            return r == null ? 0 : Long.parseLong(r.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The sibling with the highest revision below {@code revision}, or null. */
    private static JsonNode previous(List<JsonNode> siblings, long revision, JsonNode self) {
        JsonNode best = null;
        long bestRevision = 0;
        if (siblings == null || revision <= 0) return null;
        for (JsonNode o : siblings) {
            long r = revision(o);
            if (o != self && r < revision && r > bestRevision) {
                best = o;
                bestRevision = r;
            }
        }
        return best;
    }

    /** What the pod template of {@code rs} changed since {@code previous}: images, then the other fields. */
    static String changes(JsonNode previous, JsonNode rs) {
        List<JsonNode> now = K8s.list(rs.path("spec").path("template").path("spec").get("containers"));
        if (previous == null) {
            List<String> images = new ArrayList<>();
            for (JsonNode c : now) images.add(K8s.text(c, "name", null) + "=" + K8s.text(c, "image", null));
            return images.isEmpty() ? "first revision" : "image " + String.join(", ", images);
        }
        Map<String, JsonNode> before = new HashMap<>();
        for (JsonNode c : K8s.list(previous.path("spec").path("template").path("spec").get("containers"))) {
            before.put(K8s.text(c, "name", null), c);
        }
        List<String> images = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (JsonNode c : now) {
            String name = K8s.text(c, "name", null);
            JsonNode old = before.remove(name);
            if (old == null) {
                fields.add("container " + name + " added");
                continue;
            }
            String image = K8s.text(c, "image", null);
            String oldImage = K8s.text(old, "image", null);
            if (!Objects.equals(image, oldImage)) images.add(name + " " + oldImage + " -> " + image);
            for (String f : CONTAINER_FIELDS) {
                if (!f.equals("image") && !Objects.equals(c.get(f), old.get(f))) fields.add(name + "." + f);
            }
        }
        before.keySet().forEach(n -> fields.add("container " + n + " removed"));
        JsonNode spec = rs.path("spec").path("template").path("spec");
        JsonNode oldSpec = previous.path("spec").path("template").path("spec");
        for (String f : new String[] {"volumes", "initContainers", "serviceAccountName", "nodeSelector",
            "tolerations", "affinity"}) {
            if (!Objects.equals(spec.get(f), oldSpec.get(f))) fields.add(f);
        }
        StringBuilder out = new StringBuilder();
        if (!images.isEmpty()) out.append("image ").append(String.join(", ", images));
        if (!fields.isEmpty()) out.append(out.isEmpty() ? "" : "; ").append("changed ").append(String.join(", ",
                fields));
        return out.isEmpty() ? "pod template changed (labels or annotations only)" : out.toString();
    }
}
