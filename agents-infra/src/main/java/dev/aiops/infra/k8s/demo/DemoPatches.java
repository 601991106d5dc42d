package dev.aiops.infra.k8s.demo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The patches a real API server applies and fabric8's CRUD mock does not, or not right: a JSON merge patch
 * (RFC 7386: {@code null} removes a field, an array replaces the array; the mock appends arrays and stores the
 * nulls), a strategic merge patch (fabric8's {@code patch(String)}, kubectl's default; the mock answers 415) and a
 * server-side apply (approximated as a strategic merge of the applied object: fields it leaves out are kept, and
 * no field managers are tracked).
 *
 * <p>Lists merge by their Kubernetes merge key ({@code containers}, {@code env}, {@code volumes} by name,
 * {@code volumeMounts} by mount path, container ports by container port, Service ports by port, conditions by
 * type, ...) and are replaced otherwise; the directives {@code $patch} (replace, delete, merge),
 * {@code $retainKeys}, {@code $deleteFromPrimitiveList/...} and {@code $setElementOrder/...} are understood.
 */
final class DemoPatches {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Merge keys of the lists whose patch strategy is merge, by field name. */
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"),
            Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"),
            Map.entry("env", "name"),
            Map.entry("volumes", "name"),
            Map.entry("imagePullSecrets", "name"),
            Map.entry("resourceClaims", "name"),
            Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"),
            Map.entry("hostAliases", "ip"),
            Map.entry("conditions", "type"),
            Map.entry("ownerReferences", "uid"),
            Map.entry("topologySpreadConstraints", "topologyKey"));
    /** Lists of scalars whose patch strategy is merge: the patch's values are added. */
    private static final Set<String> SCALAR_SETS = Set.of("finalizers");

    private DemoPatches() {
    }

    /** RFC 7386 JSON merge patch of {@code target} (not changed) with {@code patch}. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        return dev.aiops.infra.exec.Patches.merge(target, patch);
    }

    /** Strategic merge patch of {@code target} (not changed) with {@code patch}; null when it deletes it all. */
    static JsonNode strategic(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) return strip(patch);
        String directive = patch.path("$patch").asString("merge");
        if ("delete".equals(directive)) return null;
        if ("replace".equals(directive) || target == null || !target.isObject()) return strip(patch);
        ObjectNode out = ((ObjectNode) target).deepCopy();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith("$deleteFromPrimitiveList/")) {
                String field = key.substring("$deleteFromPrimitiveList/".length());
                if (out.get(field) instanceof ArrayNode list) {
                    Set<JsonNode> gone = new HashSet<>();
                    value.forEach(gone::add);
                    ArrayNode kept = JSON.createArrayNode();
                    for (JsonNode v : list) {
                        if (!gone.contains(v)) kept.add(v);
                    }
                    out.set(field, kept);
                }
                continue;
            }
            if (key.startsWith("$")) continue; // $patch, $retainKeys (below), $setElementOrder/...
            if (value.isNull()) {
                out.remove(key);
            } else if (value instanceof ArrayNode values) {
                out.set(key, list(key, out.get(key) instanceof ArrayNode current ? current : JSON.createArrayNode(),
                        values));
            } else if (value.isObject()) {
                JsonNode merged = strategic(out.get(key), value);
                if (merged == null) {
                    out.remove(key);
                } else {
                    out.set(key, merged);
                }
            } else {
                out.set(key, strip(value));
            }
        }
        if (patch.get("$retainKeys") instanceof ArrayNode retain) {
            Set<String> keep = new HashSet<>();
            retain.forEach(k -> keep.add(k.asString()));
            for (String name : new ArrayList<>(out.propertyNames())) {
                if (!keep.contains(name)) out.remove(name);
            }
        }
        return out;
    }

    private static ArrayNode list(String field, ArrayNode current, ArrayNode patch) {
        List<JsonNode> items = new ArrayList<>();
        boolean replace = false;
        for (JsonNode p : patch) {
            if (p.isObject() && "replace".equals(p.path("$patch").asString(null)) && p.size() == 1) {
                replace = true;
            } else {
                items.add(p);
            }
        }
        if (SCALAR_SETS.contains(field) && !replace) {
            ArrayNode out = current.deepCopy();
            for (JsonNode p : items) {
                boolean present = false;
                for (JsonNode c : out) present |= c.equals(p);
                if (!present) out.add(p.deepCopy());
            }
            return out;
        }
        String key = mergeKey(field, items);
        if (key == null || replace) {
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode p : items) {
                if (!"delete".equals(p.path("$patch").asString(null))) out.add(strip(p));
            }
            return out;
        }
        ArrayNode out = current.deepCopy();
        for (JsonNode p : items) {
            JsonNode id = p.get(key);
            int at = -1;
            for (int i = 0; i < out.size() && id != null; i++) {
                if (id.equals(out.get(i).get(key))) {
                    at = i;
                    break;
                }
            }
            if ("delete".equals(p.path("$patch").asString(null))) {
                if (at >= 0) out.remove(at);
            } else if (at >= 0) {
                JsonNode merged = strategic(out.get(at), p);
                if (merged == null) {
                    out.remove(at);
                } else {
                    out.set(at, merged);
                }
            } else {
                out.add(strip(p));
            }
        }
        return out;
    }

    /** The merge key of a list field, or null when the list is replaced. */
    private static String mergeKey(String field, List<JsonNode> items) {
        if ("ports".equals(field)) {
            for (JsonNode p : items) {
                if (p.has("containerPort")) return "containerPort";
                if (p.has("port")) return "port";
            }
            return null;
        }
        String key = MERGE_KEYS.get(field);
        if (key == null) return null;
        for (JsonNode p : items) {
            if (!p.isObject()) return null;
        }
        return key;
    }

    /** {@code node} without directives (keys that start with {@code $}). */
    static JsonNode strip(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getKey().startsWith("$")) out.set(e.getKey(), strip(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode e : node) out.add(strip(e));
            return out;
        }
        return node.deepCopy();
    }
}
