package dev.aiops.cli;

import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.audit.Verification;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aiops audit verify}: checks the hash chain of the audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The audit log of every agent action (append-only, hash-chained).")
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Checks that the audit log is intact: every line parses, seq runs 1..n, every prev is the"
                    + " SHA-256 of the line before, and the head file (FILE.head) holds the count and the last hash."
                    + " Otherwise names the first bad line: edited, deleted, reordered, truncated or forged.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:intact", "1:tampered (the first bad line is printed)", "2:unreadable log"})
    static final class Verify implements Callable<Integer> {

        @Parameters(arity = "0..1", paramLabel = "FILE",
                description = "The audit log (default $XDG_STATE_HOME/aiops/audit.jsonl or"
                        + " ~/.local/state/aiops/audit.jsonl).")
        Path file;

        @Spec
        CommandSpec spec;

        private final Map<String, String> env;

        Verify(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Path log = file != null ? file : AuditLog.defaultFile(env);
            Verification v;
            try {
                v = AuditLog.verify(log);
            } catch (UncheckedIOException e) {
                spec.commandLine().getErr().println("aiops audit verify: " + e.getMessage());
                return 2;
            }
            if (v.intact()) {
                spec.commandLine().getOut().println("audit log " + log + ": intact, " + v.records() + " records");
                return 0;
            }
            spec.commandLine().getOut().println("audit log " + log + ": line " + v.firstBadLine() + ": "
                    + v.problem());
            return 1;
        }
    }
}
