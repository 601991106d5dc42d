package dev.aiops.core.notify;

import java.time.Duration;

/**
 * A failed delivery, described without secrets (no URL path, no header values), saying whether another attempt
 * can help and how long the server asked us to wait.
 */
final class SinkException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final transient Duration retryAfter;

    SinkException(String message, boolean retryable, Duration retryAfter) {
        super(message, null, false, false);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    boolean retryable() {
        return retryable;
    }

    /** The server's {@code Retry-After}, or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
