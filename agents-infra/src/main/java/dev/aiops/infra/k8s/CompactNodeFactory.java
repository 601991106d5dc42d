package dev.aiops.infra.k8s;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Builds JSON trees that take less memory. Objects keep their properties in a {@link CompactObjectMap}. Kubernetes
 * objects repeat the same short strings (namespaces, kinds, phases, reasons, label values, timestamps) thousands of
 * times, often next to each other, so short strings go through a small direct-mapped cache: an equal string seen
 * recently shares its node. The cache never grows (a miss replaces the slot), so it costs one hash and one compare
 * per string however large the snapshot. Used while reading one snapshot; not thread-safe, so each read gets its own.
 */
final class CompactNodeFactory extends JsonNodeFactory {

    private static final long serialVersionUID = 1L;
    private static final int MAX_SHARED_LENGTH = 64;
    private static final int SLOTS = 1 << 13;

    private final transient StringNode[] recent = new StringNode[SLOTS];

    @Override
    public StringNode stringNode(String text) {
        if (text == null || text.length() > MAX_SHARED_LENGTH) {
            return super.stringNode(text);
        }
        int h = text.hashCode();
        int slot = (h ^ (h >>> 13)) & (SLOTS - 1);
        StringNode seen = recent[slot];
        if (seen != null && seen.stringValue().equals(text)) {
            return seen;
        }
        StringNode node = super.stringNode(text);
        recent[slot] = node;
        return node;
    }

    @Override
    public ObjectNode objectNode() {
        return new ObjectNode(this, new CompactObjectMap());
    }
}
