package dev.aiops.composite.oncall;

import dev.aiops.infra.k8s.LogRedactor;
import dev.aiops.infra.k8s.SensitiveValues;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The last pass over a tool result before it enters a model's context: every string through the log redactor
 * (credentials in URLs, headers, key=value pairs, tokens), literal values of environment variables whose names say
 * they hold secrets masked, and results longer than the budget cut to head and tail. Snapshots already redact logs
 * and drop Secret values when they are read; this catches what objects carry in plain sight.
 */
final class ModelFacing {

    static final int MAX_CHARS = 48_000;
    private static final LogRedactor REDACTOR = LogRedactor.standard();

    private ModelFacing() {
    }

    static JsonNode redact(JsonNode node) {
        if (node == null) {
            return null;
        }
        JsonNode out = walk(SensitiveValues.mask(node.deepCopy()));
        String text = out.toString();
        if (text.length() <= MAX_CHARS) {
            return out;
        }
        ObjectNode cut = JsonNodeFactory.instance.objectNode();
        cut.put("truncated", true);
        cut.put("note", "the result had " + text.length() + " characters; the middle was cut. Ask for less (a"
                + " namespace, one object) to see it whole.");
        cut.put("head", text.substring(0, MAX_CHARS / 2));
        cut.put("tail", text.substring(text.length() - MAX_CHARS / 2));
        return cut;
    }

    private static JsonNode walk(JsonNode n) {
        if (n.isString()) {
            return StringNode.valueOf(REDACTOR.redact(n.asString()).line());
        }
        if (n instanceof ObjectNode o) {
            for (String name : new java.util.ArrayList<>(o.propertyNames())) {
                o.set(name, walk(o.get(name)));
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, walk(a.get(i)));
            }
        }
        return n;
    }
}
