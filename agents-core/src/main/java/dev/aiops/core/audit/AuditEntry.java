package dev.aiops.core.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One action of one agent, for the {@link AuditLog}. {@code arguments} is the raw argument text; it is never
 * written, only its SHA-256 (it may hold secrets), and {@link #toString()} leaves it out too.
 *
 * @param agent      who acted, e.g. {@code mcp} or {@code oncall}
 * @param action     what was done, e.g. a tool or skill name
 * @param target     what it was done to (may be null)
 * @param arguments  the raw arguments (may be null: then no hash is written)
 * @param decision   the approval decision (may be null)
 * @param outcome    how it ended (may be null)
 * @param durationMs how long it took
 * @param details    further string facts, in insertion order (never null; an unmodifiable copy)
 */
public record AuditEntry(String agent, String action, @Nullable String target, @Nullable String arguments,
                         @Nullable String decision, @Nullable String outcome, long durationMs, Map<String, String> details) {

    public AuditEntry {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(action, "action");
        details = details == null || details.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** An entry with only who and what; the other fields are null, 0 or empty. */
    public static AuditEntry of(String agent, String action) {
        return new AuditEntry(agent, action, null, null, null, null, 0, Map.of());
    }

    public AuditEntry target(String t) {
        return new AuditEntry(agent, action, t, arguments, decision, outcome, durationMs, details);
    }

    public AuditEntry arguments(String a) {
        return new AuditEntry(agent, action, target, a, decision, outcome, durationMs, details);
    }

    public AuditEntry decision(String d) {
        return new AuditEntry(agent, action, target, arguments, d, outcome, durationMs, details);
    }

    public AuditEntry outcome(String o) {
        return new AuditEntry(agent, action, target, arguments, decision, o, durationMs, details);
    }

    public AuditEntry durationMs(long ms) {
        return new AuditEntry(agent, action, target, arguments, decision, outcome, ms, details);
    }

    /** A copy with one more detail (replacing an earlier value of {@code key}). */
    public AuditEntry detail(String key, String value) {
        Objects.requireNonNull(key, "key");
        Map<String, String> d = new LinkedHashMap<>(details);
        d.put(key, value);
        return new AuditEntry(agent, action, target, arguments, decision, outcome, durationMs, d);
    }

    /** Everything but the arguments, which may hold secrets. */
    @Override
    public String toString() {
        return "AuditEntry[agent=" + agent + ", action=" + action + ", target=" + target
                + ", arguments=" + (arguments == null ? "null" : "<" + arguments.length() + " chars>")
                + ", decision=" + decision + ", outcome=" + outcome + ", durationMs=" + durationMs
                + ", details=" + details + "]";
    }
}
