package dev.aiops.core.runtime;

import dev.aiops.core.contract.SchemaViolation;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * What an invocation produced: a validated output, or an error with its code, message and (for schema
 * problems) every violation with its JSON pointer. Failures are values; {@code invoke} does not throw them.
 *
 * @param output     the validated output, null on failure
 * @param error      null on success
 * @param message    what went wrong, null on success
 * @param violations schema violations for {@link ErrorCode#INVALID_INPUT} and {@link ErrorCode#CONTRACT_BREACH}
 * @param envelope   the result or error envelope
 * @param attempts   how many times the handler ran (0 when refused before running, or replayed)
 * @param replayed   true when the result was stored under the idempotency key and returned without running
 */
public record InvocationResult(
        @Nullable JsonNode output,
        @Nullable ErrorCode error,
        @Nullable String message,
        List<SchemaViolation> violations,
        Envelope envelope,
        int attempts,
        boolean replayed) {

    public InvocationResult {
        violations = List.copyOf(violations);
    }

    public boolean isSuccess() {
        return error == null;
    }

    /** The output, or an {@link InvocationException} describing the failure. */
    public JsonNode orThrow() {
        if (error != null) {
            throw new InvocationException(this);
        }
        // a successful result always carries its validated output
        return Objects.requireNonNull(output);
    }

    InvocationResult asReplay() {
        return new InvocationResult(output, error, message, violations, envelope, 0, true);
    }

    @Override
    public String toString() {
        if (isSuccess()) {
            return "success" + (replayed ? " (replayed)" : "") + ": " + output;
        }
        return error + ": " + message + (violations.isEmpty() ? "" : " " + violations);
    }
}
