package dev.aiops.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class AuditLogTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    Path log() {
        return dir.resolve("state/audit.jsonl");
    }

    /** Five records, as a session would write them. */
    void writeFive() {
        try (AuditLog audit = AuditLog.appendingTo(log())) {
            for (int i = 1; i <= 5; i++) {
                audit.append(AuditEntry.of("oncall", "k8s.pods.list").target("ns/shop").arguments("{\"n\":" + i + "}")
                        .decision("not-required").outcome("ok").durationMs(i));
            }
        }
    }

    List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(log()));
    }

    void rewrite(List<String> lines) throws Exception {
        Files.writeString(log(), String.join("\n", lines) + "\n");
    }

    @Test
    void writesOneChainedRecordPerLineAndAHead() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);
        try (AuditLog audit = AuditLog.appendingTo(log(), clock)) {
            audit.append(AuditEntry.of("mcp", "demo.deploy.restart").target("deployment/api").arguments("{}")
                    .decision("approved:elicitation").outcome("ok").durationMs(42).detail("session", "s1"));
            audit.append(AuditEntry.of("oncall", "answer"));
        }
        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("{\"seq\":1,\"ts\":\"2026-05-01T10:00:00Z\",\"agent\":\"mcp\","
                + "\"action\":\"demo.deploy.restart\",\"target\":\"deployment/api\",\"argumentsSha256\":\""
                + AuditLog.sha256("{}".getBytes(StandardCharsets.UTF_8)) + "\",\"decision\":\"approved:elicitation\","
                + "\"outcome\":\"ok\",\"durationMs\":42,\"details\":{\"session\":\"s1\"},\"prev\":\"" + "0".repeat(64)
                + "\"}");
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.get("seq").asLong()).isEqualTo(2);
        assertThat(second.has("argumentsSha256")).isFalse();
        assertThat(second.get("target").isNull()).isTrue();
        assertThat(second.get("details").isEmpty()).isTrue();
        assertThat(second.get("prev").asString()).isEqualTo(AuditLog.sha256(lines.get(0).getBytes(StandardCharsets.UTF_8)));

        JsonNode head = JSON.readTree(Files.readString(dir.resolve("state/audit.jsonl.head")));
        assertThat(head.get("count").asLong()).isEqualTo(2);
        assertThat(head.get("lastHash").asString()).isEqualTo(AuditLog.sha256(lines.get(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(AuditLog.verify(log())).isEqualTo(new Verification(true, 2, 0, null));
    }

    @Test
    void argumentsAreNeverWrittenOnlyTheirHash() throws Exception {
        String secret = "{\"token\":\"hunter2-very-secret\"}";
        AuditEntry entry = AuditEntry.of("mcp", "login").arguments(secret);
        try (AuditLog audit = AuditLog.appendingTo(log())) {
            audit.append(entry);
        }
        String text = Files.readString(log());
        assertThat(text).doesNotContain("hunter2").doesNotContain("token")
                .contains(AuditLog.sha256(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readString(dir.resolve("state/audit.jsonl.head"))).doesNotContain("hunter2");
        assertThat(entry.toString()).doesNotContain("hunter2");
    }

    @Test
    void anEditedLineIsNamedBecauseItsHashNoLongerMatchesTheNextPrev() throws Exception {
        writeFive();
        List<String> lines = lines();
        lines.set(2, lines.get(2).replace("\"outcome\":\"ok\"", "\"outcome\":\"denied\""));
        rewrite(lines);

        Verification v = AuditLog.verify(log());
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadLine()).isEqualTo(3);
        assertThat(v.records()).isEqualTo(5);
        assertThat(v.problem()).isEqualTo("its hash does not match the prev of line 4: the line was changed");
    }

    @Test
    void anEditedLastLineIsCaughtByTheHead() throws Exception {
        writeFive();
        List<String> lines = lines();
        lines.set(4, lines.get(4).replace("\"durationMs\":5", "\"durationMs\":6"));
        rewrite(lines);

        Verification v = AuditLog.verify(log());
        assertThat(v.firstBadLine()).isEqualTo(5);
        assertThat(v.problem()).contains("head's last hash");
    }

    @Test
    void aLineThatIsNoLongerJsonIsNamed() throws Exception {
        writeFive();
        List<String> lines = lines();
        lines.set(1, lines.get(1).substring(0, 20));
        rewrite(lines);

        assertThat(AuditLog.verify(log())).isEqualTo(new Verification(false, 5, 2, "the line is not a JSON object"));
    }

    @Test
    void aDeletedLineIsNamed() throws Exception {
        writeFive();
        List<String> lines = lines();
        lines.remove(2);
        rewrite(lines);

        Verification v = AuditLog.verify(log());
        assertThat(v.firstBadLine()).isEqualTo(3);
        assertThat(v.records()).isEqualTo(4);
        assertThat(v.problem()).isEqualTo("its seq is 4 where 3 was expected: record 3 was deleted");
    }

    @Test
    void deletedFirstLinesAreNamed() throws Exception {
        writeFive();
        List<String> lines = lines();
        rewrite(lines.subList(2, 5));

        Verification v = AuditLog.verify(log());
        assertThat(v.firstBadLine()).isEqualTo(1);
        assertThat(v.problem()).isEqualTo("its seq is 3 where 1 was expected: records 1 to 2 were deleted");
    }

    @Test
    void reorderedLinesAreNamed() throws Exception {
        writeFive();
        List<String> lines = lines();
        Collections.swap(lines, 1, 2);
        rewrite(lines);

        Verification v = AuditLog.verify(log());
        assertThat(v.firstBadLine()).isEqualTo(2);
        assertThat(v.problem()).isEqualTo("its seq is 3 where 2 was expected and record 2 comes later: the lines"
                + " were reordered");
    }

    @Test
    void aTruncatedTailIsCaughtByTheHead() throws Exception {
        writeFive();
        rewrite(lines().subList(0, 3));

        Verification v = AuditLog.verify(log());
        assertThat(v.intact()).isFalse();
        assertThat(v.records()).isEqualTo(3);
        assertThat(v.firstBadLine()).isEqualTo(4);
        assertThat(v.problem()).isEqualTo("the head records 5 records but the log ends after 3: the last records"
                + " were removed (truncated)");
    }

    @Test
    void anEmptiedLogIsCaughtByTheHead() throws Exception {
        writeFive();
        Files.writeString(log(), "");

        Verification v = AuditLog.verify(log());
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadLine()).isEqualTo(1);
    }

    @Test
    void anAppendedForgedRecordWithACorrectPrevIsCaughtByTheHead() throws Exception {
        writeFive();
        String forged = forgedAfter(lines());
        Files.writeString(log(), forged + "\n", StandardOpenOption.APPEND);

        Verification v = AuditLog.verify(log());
        assertThat(v.intact()).isFalse();
        assertThat(v.records()).isEqualTo(6);
        assertThat(v.firstBadLine()).isEqualTo(6);
        assertThat(v.problem()).contains("appended without updating the head");
    }

    @Test
    void aWriterAfterAForgeryKeepsTheEvidence() throws Exception {
        writeFive();
        Files.writeString(log(), forgedAfter(lines()) + "\n", StandardOpenOption.APPEND);
        String head = Files.readString(dir.resolve("state/audit.jsonl.head"));
        try (AuditLog audit = AuditLog.appendingTo(log())) {
            audit.append(AuditEntry.of("oncall", "later"));
        }

        assertThat(Files.readString(dir.resolve("state/audit.jsonl.head"))).isEqualTo(head);
        JsonNode last = JSON.readTree(lines().get(6));
        assertThat(last.get("seq").asLong()).isEqualTo(7);
        assertThat(AuditLog.verify(log()).firstBadLine()).isEqualTo(6);
    }

    @Test
    void aReplacedLastRecordWithAppendsAfterItIsNamed() throws Exception {
        writeFive();
        List<String> lines = lines();
        List<String> forged = new ArrayList<>(lines.subList(0, 4));
        forged.add(forgedAfter(lines.subList(0, 4)));
        forged.add(forgedAfter(forged));
        rewrite(forged);

        Verification v = AuditLog.verify(log());
        assertThat(v.firstBadLine()).isEqualTo(5);
        assertThat(v.problem()).contains("head's last hash");
    }

    @Test
    void aMissingHeadIsAProblemUnlessTheLogIsEmpty() throws Exception {
        assertThat(AuditLog.verify(log())).isEqualTo(new Verification(true, 0, 0, null));
        Files.createDirectories(log().getParent());
        Files.writeString(log(), "");
        assertThat(AuditLog.verify(log())).isEqualTo(new Verification(true, 0, 0, null));
        try (AuditLog audit = AuditLog.appendingTo(log())) {
            assertThat(AuditLog.verify(log()).intact()).isTrue();
        }

        writeFive();
        Files.delete(dir.resolve("state/audit.jsonl.head"));
        Verification v = AuditLog.verify(log());
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadLine()).isEqualTo(1);
        assertThat(v.problem()).contains("audit.jsonl.head is missing");
    }

    @Test
    void aTornLastLineIsEndedNotJoinedAndNamed() throws Exception {
        writeFive();
        Files.writeString(log(), "{\"seq\":6,\"ts\":", StandardOpenOption.APPEND);
        try (AuditLog audit = AuditLog.appendingTo(log())) {
            audit.append(AuditEntry.of("oncall", "after-crash"));
        }
        List<String> lines = lines();
        assertThat(lines).hasSize(7);
        assertThat(JSON.readTree(lines.get(6)).get("seq").asLong()).isEqualTo(7);
        assertThat(AuditLog.verify(log())).isEqualTo(new Verification(false, 7, 6, "the line is not a JSON object"));
    }

    @Test
    void twoLogsOnOneFileAppendingFromManyThreadsKeepOneChain() throws Exception {
        int threads = 4;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try (AuditLog a = AuditLog.appendingTo(log()); AuditLog b = AuditLog.appendingTo(dir.resolve("state/../state/audit.jsonl"))) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                AuditLog audit = t % 2 == 0 ? a : b;
                String agent = "agent-" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        audit.append(AuditEntry.of(agent, "step").detail("i", String.valueOf(i)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(AuditLog.verify(log())).isEqualTo(new Verification(true, threads * perThread, 0, null));
    }

    @Test
    void writersInTwoProcessesKeepOneChain() throws Exception {
        int perWriter = 150;
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            processes.add(new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    AuditAppenderMain.class.getName(), log().toString(), "proc-" + p, String.valueOf(perWriter))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(log()) && Files.readString(log()).contains("proc-")) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        try (AuditLog audit = AuditLog.appendingTo(log())) {
            for (int i = 0; i < perWriter; i++) {
                audit.append(AuditEntry.of("test", "step"));
            }
        }
        for (Process p : processes) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        assertThat(AuditLog.verify(log())).isEqualTo(new Verification(true, 3L * perWriter, 0, null));
        List<String> agents = lines().stream().map(l -> JSON.readTree(l).get("agent").asString()).toList();
        assertThat(agents).filteredOn("proc-1"::equals).hasSize(perWriter);
        int switches = 0;
        for (int i = 1; i < agents.size(); i++) {
            switches += agents.get(i).equals(agents.get(i - 1)) ? 0 : 1;
        }
        assertThat(switches).as("the writers took turns").isGreaterThan(2);
    }

    @Test
    void anUnreadableLogIsAnError() throws Exception {
        Files.createDirectories(log());
        assertThatThrownBy(() -> AuditLog.verify(log())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot read the audit log");
    }

    @Test
    void appendingAfterCloseFails() {
        AuditLog audit = AuditLog.appendingTo(log());
        audit.close();
        assertThatThrownBy(() -> audit.append(AuditEntry.of("a", "b"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void entriesAreCopiedByTheirWithers() {
        AuditEntry base = AuditEntry.of("mcp", "tool");
        AuditEntry full = base.target("t").arguments("{}").decision("d").outcome("o").durationMs(3)
                .detail("k", "v").detail("k2", "v2");
        assertThat(base).isEqualTo(new AuditEntry("mcp", "tool", null, null, null, null, 0, Map.of()));
        assertThat(full).isEqualTo(new AuditEntry("mcp", "tool", "t", "{}", "d", "o", 3,
                Map.of("k", "v", "k2", "v2")));
        assertThat(full.details().keySet()).containsExactly("k", "k2");
    }

    @Test
    void theDefaultFileIsInTheStateDirectory() {
        assertThat(AuditLog.defaultFile(Map.of("XDG_STATE_HOME", "/s"))).isEqualTo(Path.of("/s/aiops/audit.jsonl"));
        assertThat(AuditLog.defaultFile(Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.local/state/aiops/audit.jsonl"));
    }

    /** A record after the last of {@code lines}, with the right seq and prev, as a forger would compute it. */
    static String forgedAfter(List<String> lines) {
        String last = lines.get(lines.size() - 1);
        ObjectNode n = (ObjectNode) JSON.readTree(last);
        n.put("seq", n.get("seq").asLong() + 1);
        n.put("outcome", "forged");
        n.put("prev", AuditLog.sha256(last.getBytes(StandardCharsets.UTF_8)));
        return JSON.writeValueAsString(n);
    }
}
