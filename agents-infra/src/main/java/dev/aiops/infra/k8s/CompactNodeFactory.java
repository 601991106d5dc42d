package dev.aiops.infra.k8s;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Builds JSON trees that take less memory: Kubernetes objects repeat the same short strings (phases, reasons,
 * label values, image names) thousands of times, so equal short strings share one node, and objects start with
 * small maps. Used while reading one snapshot; not thread-safe, so each read gets its own.
 */
final class CompactNodeFactory extends JsonNodeFactory {

    private static final long serialVersionUID = 1L;
    private static final int MAX_SHARED_LENGTH = 64;
    private static final int MAX_SHARED = 200_000;

    private final transient Map<String, StringNode> strings = new HashMap<>();

    @Override
    public StringNode stringNode(String text) {
        if (text == null || text.length() > MAX_SHARED_LENGTH || strings.size() >= MAX_SHARED) {
            return super.stringNode(text);
        }
        return strings.computeIfAbsent(text, super::stringNode);
    }

    @Override
    public ObjectNode objectNode() {
        return new ObjectNode(this, new LinkedHashMap<>(8));
    }
}
