package dev.aiops.infra.k8s;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Null-safe reads of the fields every Kubernetes object has. */
public final class K8s {

    private K8s() {
    }

    public static String kind(JsonNode o) {
        return text(o, "kind", null);
    }

    public static String name(JsonNode o) {
        return text(o, "metadata", "name");
    }

    public static String namespace(JsonNode o) {
        return text(o, "metadata", "namespace");
    }

    /**
     * {@code text(o.path(field).get(child))}, or {@code text(o.get(field))} when {@code child} is null. Objects read
     * from a snapshot file answer from their tape without making the nodes in between, which matters in loops over
     * every pod or event.
     */
    public static String text(JsonNode o, String field, String child) {
        if (o instanceof TapeObjectMap.Node t) {
            String s = t.text(field, child);
            if (s != TapeObjectMap.NOT_ON_TAPE) return s;
        }
        JsonNode n = child == null ? o.get(field) : o.path(field).get(child);
        return text(n);
    }

    public static String uid(JsonNode o) {
        return text(o.path("metadata").get("uid"));
    }

    /** The label value, or null. */
    public static String label(JsonNode o, String key) {
        return text(o.path("metadata").path("labels").get(key));
    }

    public static String annotation(JsonNode o, String key) {
        return text(o.path("metadata").path("annotations").get(key));
    }

    /** The owner reference marked {@code controller: true}, else the first one, else null. */
    public static JsonNode controllerOf(JsonNode o) {
        JsonNode refs = o.path("metadata").path("ownerReferences");
        JsonNode first = null;
        for (JsonNode r : refs) {
            if (r.path("controller").asBoolean(false)) return r;
            if (first == null) first = r;
        }
        return first;
    }

    /** Text of a node, null when absent or JSON null. */
    public static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asString();
    }

    /** The elements of an array node (empty for anything else). */
    public static List<JsonNode> list(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n != null && n.isArray()) n.forEach(out::add);
        return out;
    }
}
