package dev.aiops.infra.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON merge patches (RFC 7386) and JSON patches (RFC 6902: add, remove, replace, test), applied to copies. */
public final class Patches {

    private Patches() {
    }

    /** {@code target} with {@code patch} merged in (a copy; null values remove fields, arrays replace). */
    public static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject() ? (ObjectNode) target.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }

    /** The merge patch that turns {@code from} into {@code to} (both objects). */
    public static ObjectNode diff(JsonNode from, JsonNode to) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : from.properties()) {
            if (!to.has(e.getKey())) {
                patch.putNull(e.getKey());
            }
        }
        for (Map.Entry<String, JsonNode> e : to.properties()) {
            JsonNode old = from.get(e.getKey());
            if (old == null || !old.equals(e.getValue())) {
                patch.set(e.getKey(), old != null && old.isObject() && e.getValue().isObject()
                        ? diff(old, e.getValue()) : e.getValue().deepCopy());
            }
        }
        return patch;
    }

    /** {@code target} with the RFC 6902 operations applied (a copy). */
    public static JsonNode json(JsonNode target, JsonNode operations) {
        if (!operations.isArray()) {
            throw new IllegalArgumentException("a JSON patch is an array of operations");
        }
        JsonNode doc = target.deepCopy();
        for (JsonNode op : operations) {
            String path = op.path("path").asString(null);
            String kind = op.path("op").asString("");
            if (path == null) {
                throw new IllegalArgumentException("a JSON patch operation needs a path: " + op);
            }
            List<String> tokens = pointer(path);
            if (tokens.isEmpty()) {
                throw new IllegalArgumentException("cannot patch the whole document with '" + kind + "'");
            }
            JsonNode parent = doc;
            for (String t : tokens.subList(0, tokens.size() - 1)) {
                parent = child(parent, t, path);
            }
            String last = tokens.get(tokens.size() - 1);
            switch (kind) {
                case "add" -> add(parent, last, value(op), path);
                case "replace" -> {
                    child(parent, last, path);
                    remove(parent, last);
                    add(parent, last, value(op), path);
                }
                case "remove" -> {
                    child(parent, last, path);
                    remove(parent, last);
                }
                case "test" -> {
                    if (!child(parent, last, path).equals(value(op))) {
                        throw new IllegalArgumentException("JSON patch test failed at " + path);
                    }
                }
                default -> throw new IllegalArgumentException("unsupported JSON patch operation '" + kind + "'");
            }
        }
        return doc;
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw new IllegalArgumentException("JSON patch operation '" + op.path("op").asString() + "' needs a value");
        }
        return op.get("value").deepCopy();
    }

    private static List<String> pointer(String path) {
        List<String> out = new ArrayList<>();
        if (path.isEmpty()) {
            return out;
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not a JSON pointer: " + path);
        }
        for (String t : path.substring(1).split("/", -1)) {
            out.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static JsonNode child(JsonNode parent, String token, String path) {
        JsonNode c = parent instanceof ArrayNode a ? a.get(index(a, token, path, false)) : parent.get(token);
        if (c == null) {
            throw new IllegalArgumentException("JSON patch path " + path + " does not exist");
        }
        return c;
    }

    private static void add(JsonNode parent, String token, JsonNode value, String path) {
        if (parent instanceof ObjectNode o) {
            o.set(token, value);
        } else if (parent instanceof ArrayNode a) {
            a.insert(index(a, token, path, true), value);
        } else {
            throw new IllegalArgumentException("JSON patch path " + path + " does not exist");
        }
    }

    private static void remove(JsonNode parent, String token) {
        if (parent instanceof ObjectNode o) {
            o.remove(token);
        } else if (parent instanceof ArrayNode a) {
            a.remove(Integer.parseInt(token));
        }
    }

    private static int index(ArrayNode a, String token, String path, boolean forAdd) {
        if (forAdd && token.equals("-")) {
            return a.size();
        }
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i > a.size() || (!forAdd && i == a.size())) {
                throw new IllegalArgumentException("JSON patch path " + path + ": index " + i + " is out of range");
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("JSON patch path " + path + ": '" + token + "' is not an index");
        }
    }
}
