package dev.aiops.core.audit;

import java.nio.file.Path;

/** Appends {@code count} records as {@code agent} to {@code file}: another process for {@link AuditLogTest}. */
public final class AuditAppenderMain {

    private AuditAppenderMain() {
    }

    public static void main(String[] args) {
        try (AuditLog audit = AuditLog.appendingTo(Path.of(args[0]))) {
            for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                audit.append(AuditEntry.of(args[1], "step").detail("i", String.valueOf(i)));
            }
        }
    }
}
