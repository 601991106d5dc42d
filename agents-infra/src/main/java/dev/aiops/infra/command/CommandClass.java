package dev.aiops.infra.command;

/** How much a reviewed kubectl command can change, from nothing to everything. */
public enum CommandClass {
    /** Only reads from the cluster (or the local kubeconfig). */
    READ_ONLY,
    /** Changes objects in a way that can be rolled back. */
    MUTATING,
    /** Deletes, evicts, force-replaces or runs arbitrary code in the cluster. */
    DESTRUCTIVE,
    /** Not understood: a shell construct, an unknown verb or not kubectl at all. */
    UNKNOWN;

    /** UNKNOWN is treated like DESTRUCTIVE. */
    public boolean atLeastDestructive() {
        return this == DESTRUCTIVE || this == UNKNOWN;
    }

    /** True only for {@link #READ_ONLY}. */
    public boolean readOnly() {
        return this == READ_ONLY;
    }
}
