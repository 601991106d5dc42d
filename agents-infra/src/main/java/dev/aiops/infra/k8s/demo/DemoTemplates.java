package dev.aiops.infra.k8s.demo;

import static dev.aiops.infra.k8s.demo.DemoControllers.POD_TEMPLATE_HASH;
import static dev.aiops.infra.k8s.demo.DemoPods.ALPHANUMS;

import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Pod templates as the controllers compare and hash them. */
final class DemoTemplates {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DemoTemplates() {
    }

    /**
     * The pod template as compared and hashed: without the {@code pod-template-hash} label, without null values
     * and empty objects or arrays (which mean the same as absent ones), keys sorted.
     */
    static JsonNode template(JsonNode template) {
        JsonNode t = template == null || template.isMissingNode() || template.isNull()
                ? JSON.createObjectNode() : template.deepCopy();
        if (t.path("metadata").path("labels") instanceof ObjectNode labels) labels.remove(POD_TEMPLATE_HASH);
        JsonNode pruned = prune(t);
        return pruned == null ? JSON.createObjectNode() : pruned;
    }

    private static JsonNode prune(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            for (String key : new TreeSet<>(n.propertyNames())) {
                JsonNode v = prune(n.get(key));
                if (v != null) out.set(key, v);
            }
            return out.isEmpty() ? null : out;
        }
        if (n.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode e : n) {
                JsonNode v = prune(e);
                out.add(v == null ? JSON.createObjectNode() : v);
            }
            return out.isEmpty() ? null : out;
        }
        return n;
    }

    /** The deployment controller's name suffix: FNV-32a of the template, its decimal digits safely encoded. */
    static String podTemplateHash(JsonNode normalizedTemplate, int collisions) {
        String text = normalizedTemplate.toString() + (collisions == 0 ? "" : "#" + collisions);
        String digits = Integer.toUnsignedString(DemoPods.fnv32a(text.getBytes(StandardCharsets.UTF_8)));
        StringBuilder sb = new StringBuilder();
        for (char c : digits.toCharArray()) sb.append(ALPHANUMS.charAt(c % ALPHANUMS.length()));
        return sb.toString();
    }
}
