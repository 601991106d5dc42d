package dev.aiops.infra.metrics;

/** A metrics query that failed, with why in words a person can act on. */
public final class MetricsException extends Exception {

    /** Why a query failed. */
    public enum Kind {
        /** The server could not be reached (connection refused, DNS, TLS). */
        UNREACHABLE,
        /** No answer within the timeout. */
        TIMEOUT,
        /** An HTTP status without a Prometheus error body (proxy errors, 401, 403, 404). */
        HTTP,
        /** Prometheus answered {@code "status":"error"}: {@code bad_data}, {@code execution}, {@code timeout}, ... */
        QUERY,
        /** The body was not a Prometheus API response. */
        BAD_RESPONSE,
        /** No metrics source is configured. */
        NOT_CONFIGURED
    }

    private final Kind kind;
    private final boolean retryable;

    public MetricsException(Kind kind, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryable = retryable;
    }

    public MetricsException(Kind kind, String message, boolean retryable) {
        this(kind, message, retryable, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether trying again may succeed (unreachable, timeouts, 5xx, 429). */
    public boolean retryable() {
        return retryable;
    }
}
