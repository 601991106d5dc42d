package dev.aiops.infra.k8s;

import java.util.ArrayList;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Values that objects carry in plain sight although they are secrets: literal environment variables whose names
 * say they hold a password, token or key ({@code {"name":"DB_PASSWORD","value":"..."}}). Secrets' own values are
 * dropped when a snapshot is read; these are masked wherever an object is shown (command output, model context).
 */
public final class SensitiveValues {

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|token|api[_-]?key|credential|private[_-]?key|access[_-]?key).*");

    private SensitiveValues() {
    }

    /** True when an environment variable called {@code name} is meant to hold a secret. */
    public static boolean secretName(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }

    /** Masks, in place, the literal values of secret-named variables anywhere in {@code node}; returns it. */
    public static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("name") && o.get("value") != null && o.get("value").isString()
                    && secretName(o.path("name").asString(null))) {
                o.put("value", LogRedactor.MASK);
            }
            for (String name : new ArrayList<>(o.propertyNames())) {
                mask(o.get(name));
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode n : a) {
                mask(n);
            }
        }
        return node;
    }
}
