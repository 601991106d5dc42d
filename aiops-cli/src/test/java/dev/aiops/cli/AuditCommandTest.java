package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.audit.AuditEntry;
import dev.aiops.core.audit.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    @TempDir
    Path home;

    Path defaultLog() {
        return home.resolve(".local/state/aiops/audit.jsonl");
    }

    void writeThree(Path file) {
        try (AuditLog audit = AuditLog.appendingTo(file)) {
            for (int i = 1; i <= 3; i++) {
                audit.append(AuditEntry.of("mcp", "k8s.pods.list").arguments("{\"namespace\":\"shop\"}")
                        .decision("not-required").outcome("ok").durationMs(i));
            }
        }
    }

    @Test
    void anIntactLogAtTheDefaultPlaceVerifies() {
        writeThree(defaultLog());

        CliRun r = CliRun.run(Map.of("HOME", home.toString()), "audit", "verify");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("audit log " + defaultLog() + ": intact, 3 records" + System.lineSeparator());
    }

    @Test
    void aTamperedLogNamesItsFirstBadLineAndExitsOne() throws Exception {
        Path file = home.resolve("elsewhere/audit.jsonl");
        writeThree(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).replace("\"outcome\":\"ok\"", "\"outcome\":\"refused\""));
        Files.writeString(file, String.join("\n", lines) + "\n");

        CliRun r = CliRun.run(Map.of("HOME", home.toString()), "audit", "verify", file.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("audit log " + file + ": line 2: its hash does not match the prev of line 3:"
                + " the line was changed" + System.lineSeparator());
    }

    @Test
    void aTruncatedLogIsCaughtByItsHead() throws Exception {
        writeThree(defaultLog());
        List<String> lines = Files.readAllLines(defaultLog());
        Files.writeString(defaultLog(), lines.get(0) + "\n");

        CliRun r = CliRun.run(Map.of("HOME", home.toString()), "audit", "verify");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(": line 2: ").contains("truncated");
    }

    @Test
    void noLogIsIntactAndAnUnreadableOneIsExitTwo() throws Exception {
        CliRun none = CliRun.run(Map.of("HOME", home.toString()), "audit", "verify");
        assertThat(none.exit()).isZero();
        assertThat(none.out()).contains("intact, 0 records");

        Path dir = Files.createDirectories(home.resolve("a-directory"));
        CliRun unreadable = CliRun.run(Map.of("HOME", home.toString()), "audit", "verify", dir.toString());
        assertThat(unreadable.exit()).isEqualTo(2);
        assertThat(unreadable.err()).startsWith("aiops audit verify: cannot read the audit log " + dir);
        assertThat(unreadable.out()).isEmpty();
    }
}
