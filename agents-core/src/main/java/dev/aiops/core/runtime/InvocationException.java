package dev.aiops.core.runtime;

/** Thrown by {@link InvocationResult#orThrow()} for callers that prefer exceptions to result values. */
public class InvocationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient InvocationResult result;

    public InvocationException(InvocationResult result) {
        super(result.error() + ": " + result.message());
        this.result = result;
    }

    public InvocationResult result() {
        return result;
    }
}
