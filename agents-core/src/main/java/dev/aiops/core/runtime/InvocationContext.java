package dev.aiops.core.runtime;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a caller outside the agent graph attaches to a top-level invocation.
 *
 * @param correlationId  ties together every message of this request (generated when null)
 * @param idempotencyKey repeat the key with the same input to get the stored result; null for none
 * @param deadline       when the request must be done at the latest; null for the skill's SLA timeout
 */
public record InvocationContext(String correlationId, @Nullable String idempotencyKey, @Nullable Instant deadline) {

    public InvocationContext {
        correlationId = correlationId == null || correlationId.isBlank() ? UUID.randomUUID().toString() : correlationId;
    }

    /** A new request with a fresh correlation id, no idempotency key and no deadline beyond the SLA. */
    public static InvocationContext create() {
        return new InvocationContext(UUID.randomUUID().toString(), null, null);
    }

    public InvocationContext withIdempotencyKey(String key) {
        return new InvocationContext(correlationId, key, deadline);
    }

    public InvocationContext withDeadline(Instant newDeadline) {
        return new InvocationContext(correlationId, idempotencyKey, newDeadline);
    }

    public InvocationContext withCorrelationId(String id) {
        return new InvocationContext(id, idempotencyKey, deadline);
    }
}
