package dev.aiops.core.llm;

/** A model call that failed for good: after the retries it was allowed, or at once when a retry cannot help. */
public final class LlmCallException extends RuntimeException {

    private final String errorType;
    private final int attempts;

    LlmCallException(String message, String errorType, int attempts, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
        this.attempts = attempts;
    }

    /** A short, stable name for what went wrong ({@code rate_limited}, {@code timeout}, {@code 500}, ...). */
    public String errorType() {
        return errorType;
    }

    public int attempts() {
        return attempts;
    }
}
