package dev.aiops.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Hostile audit logs and head files: verifying one gives a verdict, never an exception; appending to one never
 * throws, and an intact log stays intact with one more record. The input is the log, then a NUL byte and the head
 * file (no NUL: no head file). Seeds: logs written by {@link AuditLog}, some of them tampered with.
 */
class AuditLogFuzzTest {

    /** Appends force the file to disk; on tmpfs that costs nothing, so the fuzzer is not slowed by the disk. */
    private static final Path DIR = directory();
    private static final Path LOG = DIR.resolve("audit.jsonl");

    private static Path directory() {
        try {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "audit-fuzz")
                    : Files.createTempDirectory("audit-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void aLogIsVerifiedAndAppendedToWithoutThrowing(byte[] input) throws IOException {
        int nul = lastNul(input);
        Files.write(LOG, nul < 0 ? input : Arrays.copyOf(input, nul));
        Path head = AuditFiles.sibling(LOG, ".head");
        if (nul < 0) {
            Files.deleteIfExists(head);
        } else {
            Files.write(head, Arrays.copyOfRange(input, nul + 1, input.length));
        }

        Verification before = AuditLog.verify(LOG);
        try (AuditLog log = AuditLog.appendingTo(LOG)) {
            log.append(AuditEntry.of("fuzz", "k8s.pods.list").target("ns/shop").arguments("{}").outcome("ok"));
        }
        Verification after = AuditLog.verify(LOG);

        assertThat(before.intact()).isEqualTo(before.problem() == null);
        assertThat(after.intact()).isEqualTo(after.problem() == null);
        if (before.intact()) {
            assertThat(after.intact()).as(after.problem()).isTrue();
            assertThat(after.records()).isEqualTo(before.records() + 1);
        } else {
            assertThat(before.firstBadLine()).isBetween(1L, before.records() + 1);
        }
    }

    private static int lastNul(byte[] input) {
        for (int i = input.length - 1; i >= 0; i--) {
            if (input[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
