package dev.aiops.core.runtime;

/** Why an invocation did not produce a valid output. */
public enum ErrorCode {
    /** No agent provides the skill. */
    UNKNOWN_SKILL(false),
    /** The skill is declared but no handler is bound to it in this runtime. */
    NOT_BOUND(false),
    /** The input breaks the skill's input schema; see the violations. */
    INVALID_INPUT(false),
    /** The handler returned output that breaks the skill's output schema; it is never passed on. */
    CONTRACT_BREACH(false),
    /** The calling agent did not declare a dependency on the skill. */
    UNDECLARED_CALL(false),
    /** The call would go deeper than the maximum subagent depth. */
    DEPTH_EXCEEDED(false),
    /** The call would reach an agent already on the call path. */
    CYCLE(false),
    /** The same idempotency key was used before with a different input. */
    IDEMPOTENCY_CONFLICT(false),
    /** One attempt ran longer than the skill's SLA timeout. */
    TIMEOUT(true),
    /** The request's deadline passed. */
    DEADLINE_EXCEEDED(false),
    /** The skill's circuit breaker is open after too many failures. */
    CIRCUIT_OPEN(true),
    /** Too many calls of the skill are running at once. */
    BULKHEAD_FULL(true),
    /** The handler failed. */
    HANDLER_ERROR(false),
    /** The calling thread was interrupted. */
    INTERRUPTED(false);

    private final boolean transientFailure;

    ErrorCode(boolean transientFailure) {
        this.transientFailure = transientFailure;
    }

    /** True when the same call may succeed later without any change. */
    public boolean isTransient() {
        return transientFailure;
    }
}
