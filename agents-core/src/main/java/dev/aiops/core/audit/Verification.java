package dev.aiops.core.audit;

import org.jspecify.annotations.Nullable;

/**
 * What {@link AuditLog#verify} found.
 *
 * @param intact       every line parses, {@code seq} runs 1..n, every {@code prev} matches, and the head agrees
 * @param records      the number of lines in the log
 * @param firstBadLine the first line (1-based) that is wrong or missing; 0 when intact
 * @param problem      what is wrong, in one sentence; null when intact
 */
public record Verification(boolean intact, long records, long firstBadLine, @Nullable String problem) {

    static Verification ok(long records) {
        return new Verification(true, records, 0, null);
    }

    static Verification bad(long records, long line, @Nullable String problem) {
        return new Verification(false, records, line, problem);
    }
}
