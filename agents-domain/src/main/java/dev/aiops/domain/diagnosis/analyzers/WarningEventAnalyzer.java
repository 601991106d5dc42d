package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.Analyzer;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.FindingDraft;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.SeverityRules;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A generic finding for each trouble event whose reason no analyzer explains ({@link WarningReasons}): the event's
 * message quoted, the involved object named, pods grouped under their controller. Its findings are fallbacks: the
 * diagnosis drops one when a specific analyzer reports the same category on the same object.
 */
public final class WarningEventAnalyzer implements Analyzer {

    private static final int MAX_EVENTS_QUOTED = 5;
    private static final java.util.Set<String> CLUSTER_SCOPED = java.util.Set.of("Node", "PersistentVolume",
            "StorageClass", "Namespace", "ClusterRole", "ClusterRoleBinding", "IngressClass", "PriorityClass");

    private record Group(ObjectRef object, ObjectRef owner, List<JsonNode> events) {
    }

    @Override
    public String name() {
        return "warnings";
    }

    @Override
    public boolean fallback() {
        return true;
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (JsonNode e : index.objects("Event")) {
            JsonNode io = e.path("involvedObject");
            String kind = io.path("kind").asString("");
            String message = e.path("message").asString("");
            WarningReasons.Row row = WarningReasons.find(e.path("reason").asString(""), kind, message).orElse(null);
            if (row == null || row.analyzer() != null || !row.type().equals(e.path("type").asString("Warning"))) continue;
            String name = io.path("name").asString("");
            // events about cluster-scoped objects live in "default" and name no namespace in involvedObject
            String ns = io.hasNonNull("namespace") ? io.path("namespace").asString()
                    : CLUSTER_SCOPED.contains(kind) || index.get(kind, null, name) != null ? null : K8s.namespace(e);
            ObjectRef object = new ObjectRef(kind, ns, name);
            JsonNode found = index.get(object.kind(), object.namespace(), object.name());
            ObjectRef owner = found != null && kind.equals("Pod") ? index.ownerOf(found) : null;
            String key = row.category() + "|" + (owner != null ? owner : object);
            groups.computeIfAbsent(key, k -> new Group(object, owner, new ArrayList<>())).events().add(e);
        }
        List<Finding> out = new ArrayList<>();
        for (Group g : groups.values()) out.add(finding(index, g));
        return out;
    }

    private static Finding finding(ClusterIndex index, Group g) {
        ObjectRef ref = g.object();
        List<JsonNode> events = new ArrayList<>(g.events());
        events.sort(java.util.Comparator.comparing(WarningEventAnalyzer::time)); // stable: snapshot order for ties
        JsonNode last = events.get(events.size() - 1);
        String reason = last.path("reason").asString("");
        String message = PodProblems.firstLine(last.path("message").asString(""));
        WarningReasons.Row row = WarningReasons.find(reason, last.path("involvedObject").path("kind").asString(""),
                last.path("message").asString("")).orElseThrow();
        JsonNode object = index.get(ref.kind(), ref.namespace(), ref.name());
        FindingDraft d = FindingDraft.of(row.category(), row.problem(), symptom(object), ref).owner(g.owner())
                .summary(row.category() + ": " + ref + ": " + reason + ": " + message)
                .rootCause(ref + ": " + row.meaning() + " (" + reason + "): " + message);
        for (JsonNode e : events.subList(Math.max(0, events.size() - MAX_EVENTS_QUOTED), events.size())) {
            int count = e.path("count").asInt(0);
            d.evidence(Evidence.event(e.path("reason").asString("") + " on " + e.path("involvedObject").path("kind")
                    .asString("") + " " + e.path("involvedObject").path("name").asString("") + ": "
                    + e.path("message").asString("") + (count > 1 ? " (x" + count + ")" : "")));
        }
        if (object == null && !ref.kind().isEmpty()) d.evidence(Evidence.status(ref + " is not in the snapshot"));
        if (ref.kind().equals("Endpoints")) d.related(new ObjectRef("Service", ref.namespace(), ref.name()));
        String node = object == null ? null : K8s.text(object.path("spec").get("nodeName"));
        if (node != null) d.related(new ObjectRef("Node", null, node));
        return d.remediate(Remediation.command("Inspect the object and its events", "kubectl describe "
                + ref.kind().toLowerCase() + (ref.namespace() == null ? "" : " -n " + ref.namespace()) + " "
                + ref.name())).build();
    }

    private static java.time.Instant time(JsonNode event) {
        java.time.Instant t = ClusterIndex.eventTime(event);
        return t == null ? java.time.Instant.EPOCH : t;
    }

    /** Whether the involved object shows the trouble now; an object with no notion of readiness has only the event. */
    static Symptom symptom(JsonNode object) {
        if (object == null) return Symptom.NONE;
        JsonNode status = object.path("status");
        return switch (K8s.kind(object)) {
            case "Pod" -> PodAnalyzer.healthy(object) || "Succeeded".equals(status.path("phase").asString(""))
                    ? Symptom.NONE : Symptom.WARNING;
            case "Node" -> nodeHealthy(status) ? Symptom.NONE : Symptom.WARNING;
            case "Deployment", "ReplicaSet", "StatefulSet", "ReplicationController" ->
                    replicasShort(status.path("readyReplicas").asInt(0), object.path("spec").path("replicas").asInt(1));
            case "DaemonSet" -> replicasShort(status.path("numberReady").asInt(0), status.path("desiredNumberScheduled").asInt(0));
            case "PersistentVolumeClaim" -> "Bound".equals(status.path("phase").asString("")) ? Symptom.NONE
                    : Symptom.WARNING;
            case "PersistentVolume" -> "Failed".equals(status.path("phase").asString("")) ? Symptom.WARNING
                    : Symptom.NONE;
            case "Job" -> condition(status, "Complete") ? Symptom.NONE : Symptom.WARNING;
            default -> Symptom.WARNING;
        };
    }

    private static Symptom replicasShort(int ready, int desired) {
        return SeverityRules.ofReplicas(ready, desired) == Symptom.NONE ? Symptom.NONE : Symptom.WARNING;
    }

    private static boolean nodeHealthy(JsonNode status) {
        for (JsonNode c : status.path("conditions")) {
            String type = c.path("type").asString("");
            String s = c.path("status").asString("");
            if (type.equals("Ready") ? !s.equals("True") : s.equals("True")) return false;
        }
        return status.path("conditions").size() > 0;
    }

    private static boolean condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asString("")) && "True".equals(c.path("status").asString(""))) return true;
        }
        return false;
    }
}
