package dev.aiops.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditBatchTest {

    @TempDir
    Path dir;

    @Test
    void aBatchIsChainedRecordByRecordBetweenSingleAppends() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.appendingTo(file)) {
            log.append(AuditEntry.of("a", "one"));
            log.appendAll(List.of(AuditEntry.of("b", "two"), AuditEntry.of("b", "three"), AuditEntry.of("b", "four")));
            log.appendAll(List.of());
            log.append(AuditEntry.of("a", "five"));
        }

        assertThat(AuditLog.verify(file)).isEqualTo(new Verification(true, 5, 0, null));
        assertThat(Files.readAllLines(file)).extracting(l -> l.replaceAll(".*\"action\":\"([a-z]+)\".*", "$1"))
                .containsExactly("one", "two", "three", "four", "five");
    }

    @Test
    void tamperingInsideABatchIsFound() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.appendingTo(file)) {
            log.appendAll(List.of(AuditEntry.of("b", "two"), AuditEntry.of("b", "three"), AuditEntry.of("b", "four")));
        }
        List<String> lines = Files.readAllLines(file);
        lines.set(1, lines.get(1).replace("three", "THREE"));
        Files.write(file, lines);

        Verification v = AuditLog.verify(file);
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadLine()).isEqualTo(2);
    }
}
