package dev.aiops.infra.k8s;

/** A snapshot path that cannot be read at all: missing, unreadable, or not Kubernetes JSON/YAML. */
public class SnapshotException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
