package dev.aiops.infra.exec;

import tools.jackson.databind.node.ObjectNode;

/**
 * One object a command changes: its state before and after (null before for a create, null after for a delete).
 * {@code after} is the server's answer to a dry run where the server supports it, else computed locally.
 */
public record Change(String kind, String namespace, String name, ObjectNode before, ObjectNode after) {

    public boolean creates() {
        return before == null;
    }

    public boolean deletes() {
        return after == null;
    }

    /** {@code Deployment web/frontend}, {@code Node worker-1}. */
    public String reference() {
        return kind + " " + (namespace == null ? name : namespace + "/" + name);
    }

    /** The change as a unified diff of the objects' YAML, Secret values masked. */
    public String diff() {
        return ObjectDiff.unified(reference(), before, after);
    }
}
