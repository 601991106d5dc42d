package dev.aiops.infra.k8s;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The types of the fields that analyzers read, checked once per object as a snapshot file is read, so that a value of
 * the wrong type or out of range (a label that is an array, a {@code restartCount} of {@code "abc"} or {@code -5})
 * costs that object, with a warning naming it, instead of the whole diagnosis or a silently wrong finding. Fields
 * not listed here are not read by type and are not checked; absent fields and JSON null are allowed unless marked.
 * The rules of a kind form a tree walked once per object, so only the listed fields are visited.
 */
final class FieldTypes {

    /** What a value must be. */
    enum Expect {
        STRING("a string"),
        BOOLEAN("true or false"),
        /** A whole number from 0 to 2147483647 (replicas, restarts, event counts). */
        COUNT("a whole number from 0 to 2147483647"),
        /** A whole number that fits 64 bits (user ids, exit codes, seconds). */
        INTEGER("a whole number"),
        /** A port or percentage: a whole number or a string. */
        INT_OR_STRING("a whole number or a string"),
        /** A resource quantity: a string such as {@code 512Mi}, or a number. */
        QUANTITY("a quantity such as \"512Mi\" or a number");

        final String expected;

        Expect(String expected) {
            this.expected = expected;
        }

        /** Null when {@code n} (neither missing nor JSON null) is of this type, else what is wrong with it. */
        String check(JsonNode n) {
            boolean ok = switch (this) {
                case STRING -> n.isString();
                case BOOLEAN -> n.isBoolean();
                case COUNT -> n.isIntegralNumber() && n.canConvertToInt() && n.asInt() >= 0;
                case INTEGER -> n.isIntegralNumber() && n.canConvertToLong();
                case INT_OR_STRING -> n.isString() || n.isIntegralNumber() && n.canConvertToInt();
                case QUANTITY -> n.isString() || n.isNumber();
            };
            if (ok) return null;
            // 1e40 and -5 are whole numbers out of range; 1.5 and "abc" are not whole numbers at all
            boolean outOfRange = n.isNumber() && (this == COUNT || this == INTEGER || this == INT_OR_STRING)
                    && n.doubleValue() == Math.rint(n.doubleValue());
            return outOfRange ? "is " + n.asString() + ", out of range for " + expected
                    : "is " + describe(n) + ", expected " + expected;
        }
    }

    /** One place in an object: its expected type if it is a value, and what is checked below it. */
    private static final class Slot {
        private final Map<String, Slot> fields = new HashMap<>(4);
        /** Every element of an array, or every value of a map (labels, data). */
        private Slot elements;
        private Slot values;
        private Expect leaf;
        private boolean notNull;

        Slot at(String segment) {
            return switch (segment) {
                case "[]" -> elements != null ? elements : (elements = new Slot());
                case "{}" -> values != null ? values : (values = new Slot());
                default -> fields.computeIfAbsent(segment, k -> new Slot());
            };
        }
    }

    private static final String[] CONTAINER_LISTS = {"containers", "initContainers", "ephemeralContainers"};
    private static final String[] STATUS_LISTS = {"containerStatuses", "initContainerStatuses",
            "ephemeralContainerStatuses"};
    private static final Map<String, Slot> BY_KIND = new HashMap<>();
    private static final Slot ANY_KIND = common(new Slot());

    static {
        Slot pod = kind("Pod");
        podSpec(pod, "/spec");
        rule(pod, "/status/phase", Expect.STRING);
        rule(pod, "/status/reason", Expect.STRING);
        rule(pod, "/status/message", Expect.STRING);
        rule(pod, "/status/startTime", Expect.STRING);
        for (String list : STATUS_LISTS) containerStatus(pod, "/status/" + list + "/[]");
        for (String kind : new String[] {"Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "ReplicationController",
                "Job"}) {
            workload(kind(kind), "/spec", kind.equals("ReplicationController"));
        }
        Slot job = BY_KIND.get("Job");
        rule(job, "/spec/backoffLimit", Expect.COUNT);
        rule(job, "/spec/activeDeadlineSeconds", Expect.INTEGER);
        for (String f : new String[] {"failed", "active", "succeeded"}) rule(job, "/status/" + f, Expect.COUNT);
        rule(BY_KIND.get("StatefulSet"), "/spec/serviceName", Expect.STRING);
        rule(BY_KIND.get("StatefulSet"), "/spec/volumeClaimTemplates/[]/metadata/name", Expect.STRING);
        rule(BY_KIND.get("StatefulSet"), "/spec/volumeClaimTemplates/[]/spec/storageClassName", Expect.STRING);
        Slot cronJob = kind("CronJob");
        rule(cronJob, "/spec/schedule", Expect.STRING);
        rule(cronJob, "/spec/timeZone", Expect.STRING);
        rule(cronJob, "/spec/suspend", Expect.BOOLEAN);
        rule(cronJob, "/spec/startingDeadlineSeconds", Expect.INTEGER);
        workload(cronJob, "/spec/jobTemplate/spec", false);
        event(kind("Event"));
        service(kind("Service"));
        ingress(kind("Ingress"));
        networkPolicy(kind("NetworkPolicy"));
        Slot node = kind("Node");
        rule(node, "/spec/unschedulable", Expect.BOOLEAN);
        for (String f : new String[] {"key", "value", "effect"}) rule(node, "/spec/taints/[]/" + f, Expect.STRING);
        rule(node, "/status/allocatable/{}", Expect.QUANTITY);
        rule(node, "/status/capacity/{}", Expect.QUANTITY);
        Slot hpa = kind("HorizontalPodAutoscaler");
        rule(hpa, "/spec/minReplicas", Expect.COUNT);
        rule(hpa, "/spec/maxReplicas", Expect.COUNT);
        rule(hpa, "/spec/scaleTargetRef/kind", Expect.STRING);
        rule(hpa, "/spec/scaleTargetRef/name", Expect.STRING);
        rule(hpa, "/spec/metrics/[]/type", Expect.STRING);
        rule(hpa, "/spec/metrics/[]/resource/name", Expect.STRING);
        rule(hpa, "/spec/metrics/[]/resource/target/type", Expect.STRING);
        Slot pdb = kind("PodDisruptionBudget");
        rule(pdb, "/spec/minAvailable", Expect.INT_OR_STRING);
        rule(pdb, "/spec/maxUnavailable", Expect.INT_OR_STRING);
        labelSelector(pdb, "/spec/selector");
        for (String f : new String[] {"expectedPods", "disruptionsAllowed", "currentHealthy"}) {
            rule(pdb, "/status/" + f, Expect.COUNT);
        }
        for (String kind : new String[] {"PersistentVolumeClaim", "PersistentVolume"}) {
            Slot s = kind(kind);
            rule(s, "/spec/storageClassName", Expect.STRING);
            rule(s, "/spec/volumeName", Expect.STRING);
            rule(s, "/spec/accessModes/[]", Expect.STRING);
            rule(s, "/spec/resources/requests/{}", Expect.QUANTITY);
            rule(s, "/status/phase", Expect.STRING);
        }
        Slot storageClass = kind("StorageClass");
        rule(storageClass, "/provisioner", Expect.STRING);
        rule(storageClass, "/volumeBindingMode", Expect.STRING);
        rule(kind("ConfigMap"), "/data/{}", Expect.STRING);
        rule(kind("Secret"), "/data/{}", Expect.STRING);
        rule(BY_KIND.get("Secret"), "/stringData/{}", Expect.STRING);
        Slot endpoints = kind("Endpoints");
        for (String list : new String[] {"addresses", "notReadyAddresses"}) {
            rule(endpoints, "/subsets/[]/" + list + "/[]/ip", Expect.STRING);
            rule(endpoints, "/subsets/[]/" + list + "/[]/targetRef/name", Expect.STRING);
        }
        rule(endpoints, "/subsets/[]/ports/[]/port", Expect.COUNT);
        for (String kind : new String[] {"Role", "ClusterRole"}) {
            for (String f : new String[] {"verbs", "resources", "apiGroups", "resourceNames"}) {
                rule(kind(kind), "/rules/[]/" + f + "/[]", Expect.STRING);
            }
        }
        for (String kind : new String[] {"RoleBinding", "ClusterRoleBinding"}) {
            Slot s = kind(kind);
            rule(s, "/roleRef/kind", Expect.STRING);
            rule(s, "/roleRef/name", Expect.STRING);
            for (String f : new String[] {"kind", "name", "namespace"}) rule(s, "/subjects/[]/" + f, Expect.STRING);
        }
        Slot quota = kind("ResourceQuota");
        rule(quota, "/spec/hard/{}", Expect.QUANTITY);
        rule(quota, "/status/hard/{}", Expect.QUANTITY);
        rule(quota, "/status/used/{}", Expect.QUANTITY);
    }

    private FieldTypes() {
    }

    /**
     * What is wrong with {@code object} as a {@code kind}, as a sentence starting with the JSON pointer of the first
     * wrong value ({@code /metadata/labels/app is an array, expected a string}); null when nothing checked is wrong.
     */
    static String violation(JsonNode object, String kind) {
        Slot rules = kind == null ? null : BY_KIND.get(kind);
        Slot root = rules != null ? rules : ANY_KIND;
        // an object streamed from a file is checked on its tape: no nodes or strings are made for values that are right
        JsonTape tape = object instanceof TapeObjectMap.Node t ? t.unchangedTape() : null;
        String wrong = tape != null ? check(tape, ((TapeObjectMap.Node) object).position(), root)
                : check(object, root);
        return wrong == null ? null : wrong.strip();
    }

    /**
     * Null when {@code n} fits {@code slot}, else {@code " is ..."} preceded by the pointer below {@code n}: each level
     * puts its own segment in front on the way out, so a pointer is only made for a wrong value.
     */
    private static String check(JsonNode n, Slot slot) {
        if (n == null || n.isMissingNode()) return null;
        if (n.isNull()) return slot.notNull ? " is null, expected " + slot.leaf.expected : null;
        if (slot.leaf != null) {
            String wrong = slot.leaf.check(n);
            if (wrong != null) return " " + wrong;
        }
        if (slot.elements != null) {
            if (!n.isArray()) return " is " + describe(n) + ", expected an array";
            for (int i = 0; i < n.size(); i++) {
                String wrong = check(n.get(i), slot.elements);
                if (wrong != null) return "/" + i + wrong;
            }
        }
        if (slot.fields.isEmpty() && slot.values == null) return null;
        if (!n.isObject()) return " is " + describe(n) + ", expected an object";
        // in document order, as on the tape, so both name the same first wrong value
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            Slot field = slot.fields.get(e.getKey());
            String wrong = field == null ? null : check(e.getValue(), field);
            if (wrong == null && slot.values != null) wrong = check(e.getValue(), slot.values);
            if (wrong != null) return segment(e.getKey()) + wrong;
        }
        return null;
    }

    /** As {@link #check(JsonNode, Slot)}, reading the value at {@code pos} of {@code tape} in place. */
    private static String check(JsonTape tape, int pos, Slot slot) {
        int tag = tape.tag(pos);
        if (tag == JsonTape.NULL) return slot.notNull ? " is null, expected " + slot.leaf.expected : null;
        boolean string = tag == JsonTape.ASCII || tag == JsonTape.UTF8;
        if (slot.leaf != null && !(slot.leaf == Expect.STRING && string)) {
            // numbers and booleans are cheap to make; strings are only made when one is wrong
            String wrong = slot.leaf.check(tape.node(pos, null, null));
            if (wrong != null) return " " + wrong;
        }
        if (slot.elements != null) {
            if (tag != JsonTape.ARRAY) return " is " + describe(tape.node(pos, null, null)) + ", expected an array";
            int at = JsonTape.first(pos);
            for (int i = 0, n = tape.payload(pos); i < n; i++) {
                String wrong = check(tape, at, slot.elements);
                if (wrong != null) return "/" + i + wrong;
                at = tape.end(at);
            }
        }
        if (slot.fields.isEmpty() && slot.values == null) return null;
        if (tag != JsonTape.OBJECT) return " is " + describe(tape.node(pos, null, null)) + ", expected an object";
        int at = JsonTape.first(pos);
        for (int i = 0, n = tape.payload(pos); i < n; i++) {
            String name = tape.name(at);
            Slot field = slot.fields.get(name);
            String wrong = field == null ? null : check(tape, at + 1, field);
            if (wrong == null && slot.values != null) wrong = check(tape, at + 1, slot.values);
            if (wrong != null) return segment(name) + wrong;
            at = tape.end(at + 1);
        }
        return null;
    }

    /** One step of a JSON pointer (RFC 6901: {@code ~} and {@code /} escaped). */
    private static String segment(String name) {
        return "/" + name.replace("~", "~0").replace("/", "~1");
    }

    /** A value as a warning names it: {@code an array}, {@code a string ("abc")}, {@code -5}. */
    static String describe(JsonNode n) {
        if (n.isArray()) return "an array";
        if (n.isObject()) return "an object";
        if (n.isNull()) return "null";
        if (n.isString()) {
            String s = n.asString();
            return "a string (\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\")";
        }
        return n.isNumber() ? "a number (" + n.asString() + ")" : n.asString();
    }

    private static Slot kind(String kind) {
        return BY_KIND.computeIfAbsent(kind, k -> common(new Slot()));
    }

    private static Slot common(Slot s) {
        rule(s, "/kind", Expect.STRING);
        rule(s, "/metadata/name", Expect.STRING);
        rule(s, "/metadata/namespace", Expect.STRING);
        rule(s, "/metadata/uid", Expect.STRING);
        rule(s, "/metadata/creationTimestamp", Expect.STRING);
        rule(s, "/metadata/deletionTimestamp", Expect.STRING);
        rule(s, "/metadata/labels/{}", Expect.STRING);
        rule(s, "/metadata/annotations/{}", Expect.STRING);
        rule(s, "/metadata/ownerReferences/[]/kind", Expect.STRING);
        rule(s, "/metadata/ownerReferences/[]/name", Expect.STRING);
        rule(s, "/metadata/ownerReferences/[]/controller", Expect.BOOLEAN);
        for (String f : new String[] {"type", "status", "reason", "message", "lastTransitionTime", "lastUpdateTime"}) {
            rule(s, "/status/conditions/[]/" + f, Expect.STRING);
        }
        return s;
    }

    /** {@code plainSelector}: a ReplicationController's selector is a map of labels, the others' a LabelSelector. */
    private static void workload(Slot s, String spec, boolean plainSelector) {
        rule(s, spec + "/replicas", Expect.COUNT);
        rule(s, spec + "/revisionHistoryLimit", Expect.COUNT);
        rule(s, spec + "/strategy/rollingUpdate/maxUnavailable", Expect.INT_OR_STRING);
        rule(s, spec + "/strategy/rollingUpdate/maxSurge", Expect.INT_OR_STRING);
        if (plainSelector) {
            rule(s, spec + "/selector/{}", Expect.STRING);
        } else {
            labelSelector(s, spec + "/selector");
        }
        rule(s, spec + "/template/metadata/labels/{}", Expect.STRING);
        rule(s, spec + "/template/metadata/annotations/{}", Expect.STRING);
        podSpec(s, spec + "/template/spec");
        for (String f : new String[] {"replicas", "readyReplicas", "availableReplicas", "updatedReplicas",
                "numberReady", "desiredNumberScheduled", "currentNumberScheduled"}) {
            rule(s, "/status/" + f, Expect.COUNT);
        }
    }

    private static void podSpec(Slot s, String spec) {
        rule(s, spec + "/nodeName", Expect.STRING);
        rule(s, spec + "/serviceAccountName", Expect.STRING);
        rule(s, spec + "/nodeSelector/{}", Expect.STRING);
        rule(s, spec + "/securityContext/runAsNonRoot", Expect.BOOLEAN);
        rule(s, spec + "/securityContext/runAsUser", Expect.INTEGER);
        rule(s, spec + "/volumes/[]/name", Expect.STRING);
        rule(s, spec + "/volumes/[]/configMap/name", Expect.STRING);
        rule(s, spec + "/volumes/[]/secret/secretName", Expect.STRING);
        rule(s, spec + "/volumes/[]/persistentVolumeClaim/claimName", Expect.STRING);
        rule(s, spec + "/volumes/[]/projected/sources/[]/configMap/name", Expect.STRING);
        rule(s, spec + "/volumes/[]/projected/sources/[]/secret/name", Expect.STRING);
        for (String list : CONTAINER_LISTS) {
            String c = spec + "/" + list + "/[]";
            rule(s, c + "/name", Expect.STRING);
            rule(s, c + "/image", Expect.STRING);
            rule(s, c + "/env/[]/name", Expect.STRING);
            rule(s, c + "/env/[]/value", Expect.STRING);
            for (String ref : new String[] {"configMapKeyRef", "secretKeyRef"}) {
                rule(s, c + "/env/[]/valueFrom/" + ref + "/name", Expect.STRING);
                rule(s, c + "/env/[]/valueFrom/" + ref + "/key", Expect.STRING);
            }
            rule(s, c + "/envFrom/[]/configMapRef/name", Expect.STRING);
            rule(s, c + "/envFrom/[]/secretRef/name", Expect.STRING);
            rule(s, c + "/ports/[]/containerPort", Expect.COUNT);
            rule(s, c + "/ports/[]/name", Expect.STRING);
            rule(s, c + "/resources/requests/{}", Expect.QUANTITY);
            rule(s, c + "/resources/limits/{}", Expect.QUANTITY);
            rule(s, c + "/securityContext/privileged", Expect.BOOLEAN);
            rule(s, c + "/securityContext/allowPrivilegeEscalation", Expect.BOOLEAN);
            rule(s, c + "/securityContext/runAsNonRoot", Expect.BOOLEAN);
            rule(s, c + "/securityContext/runAsUser", Expect.INTEGER);
            rule(s, c + "/volumeMounts/[]/name", Expect.STRING);
        }
    }

    private static void containerStatus(Slot s, String c) {
        rule(s, c + "/name", Expect.STRING);
        rule(s, c + "/image", Expect.STRING);
        rule(s, c + "/ready", Expect.BOOLEAN);
        // the API always sends it; null would read as 0 restarts
        rule(s, c + "/restartCount", Expect.COUNT).notNull = true;
        for (String state : new String[] {"state", "lastState"}) {
            rule(s, c + "/" + state + "/running/startedAt", Expect.STRING);
            rule(s, c + "/" + state + "/waiting/reason", Expect.STRING);
            rule(s, c + "/" + state + "/waiting/message", Expect.STRING);
            for (String f : new String[] {"reason", "message", "startedAt", "finishedAt"}) {
                rule(s, c + "/" + state + "/terminated/" + f, Expect.STRING);
            }
            rule(s, c + "/" + state + "/terminated/exitCode", Expect.INTEGER);
        }
    }

    private static void event(Slot s) {
        for (String f : new String[] {"kind", "name", "namespace", "fieldPath"}) {
            rule(s, "/involvedObject/" + f, Expect.STRING);
        }
        for (String f : new String[] {"reason", "message", "type", "note", "lastTimestamp", "firstTimestamp",
                "eventTime", "reportingComponent"}) {
            rule(s, "/" + f, Expect.STRING);
        }
        rule(s, "/count", Expect.COUNT);
        rule(s, "/deprecatedCount", Expect.COUNT);
        rule(s, "/series/count", Expect.COUNT);
        rule(s, "/series/lastObservedTime", Expect.STRING);
        rule(s, "/source/component", Expect.STRING);
        rule(s, "/source/host", Expect.STRING);
    }

    private static void service(Slot s) {
        rule(s, "/spec/type", Expect.STRING);
        rule(s, "/spec/clusterIP", Expect.STRING);
        rule(s, "/spec/selector/{}", Expect.STRING);
        rule(s, "/spec/ports/[]/name", Expect.STRING);
        rule(s, "/spec/ports/[]/port", Expect.COUNT);
        rule(s, "/spec/ports/[]/targetPort", Expect.INT_OR_STRING);
    }

    private static void ingress(Slot s) {
        rule(s, "/spec/ingressClassName", Expect.STRING);
        for (String backend : new String[] {"/spec/defaultBackend", "/spec/rules/[]/http/paths/[]/backend"}) {
            rule(s, backend + "/service/name", Expect.STRING);
            rule(s, backend + "/service/port/name", Expect.STRING);
            rule(s, backend + "/service/port/number", Expect.COUNT);
        }
        rule(s, "/spec/rules/[]/host", Expect.STRING);
        rule(s, "/spec/rules/[]/http/paths/[]/path", Expect.STRING);
        rule(s, "/spec/tls/[]/secretName", Expect.STRING);
    }

    private static void networkPolicy(Slot s) {
        labelSelector(s, "/spec/podSelector");
        rule(s, "/spec/policyTypes/[]", Expect.STRING);
        for (String rule : new String[] {"/spec/ingress/[]/from/[]", "/spec/egress/[]/to/[]"}) {
            labelSelector(s, rule + "/podSelector");
            labelSelector(s, rule + "/namespaceSelector");
        }
        rule(s, "/spec/ingress/[]/ports/[]/port", Expect.INT_OR_STRING);
        rule(s, "/spec/egress/[]/ports/[]/port", Expect.INT_OR_STRING);
    }

    private static void labelSelector(Slot s, String selector) {
        rule(s, selector + "/matchLabels/{}", Expect.STRING);
        labelExpressions(s, selector);
    }

    private static void labelExpressions(Slot s, String selector) {
        rule(s, selector + "/matchExpressions/[]/key", Expect.STRING);
        rule(s, selector + "/matchExpressions/[]/operator", Expect.STRING);
        rule(s, selector + "/matchExpressions/[]/values/[]", Expect.STRING);
    }

    private static Slot rule(Slot root, String pointer, Expect expect) {
        Slot s = root;
        for (String segment : pointer.substring(1).split("/")) s = s.at(segment);
        s.leaf = expect;
        return s;
    }
}
