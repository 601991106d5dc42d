package dev.aiops.core.runtime;

/**
 * A handler failure that says whether trying again may help. The runtime retries retryable failures of
 * idempotent skills only; a {@link java.io.IOException} counts as retryable too.
 */
public class SkillException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public SkillException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public SkillException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
