package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.llm.PromptRef;
import dev.aiops.core.llm.Usage;
import dev.aiops.core.llm.UsageLog;
import dev.aiops.core.llm.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class UsageCommandTest {

    @TempDir
    Path home;

    Path log() {
        return home.resolve(".local/state/aiops/usage.jsonl");
    }

    void write(Instant at, String agent, long in, long out, double cost, String outcome) {
        try (UsageLog l = UsageLog.appendingTo(log())) {
            l.append(new UsageRecord(at, agent, "s", "openai", "gpt-4o-mini", new PromptRef("oncall.system", "1.0.0", "h"),
                    new Usage(in, 0, out, 0, false, cost), 100, 1, false, "stop", outcome, null));
        }
    }

    @Test
    void summarisesTheLastWeekPerAgentAndLeavesOlderCallsOut() throws Exception {
        Instant now = Instant.now();
        write(now.minus(1, ChronoUnit.HOURS), "oncall", 1000, 100, 0.01, "ok");
        write(now.minus(2, ChronoUnit.DAYS), "oncall", 2000, 200, 0.02, "error");
        write(now.minus(3, ChronoUnit.DAYS), "postmortem", 500, 50, 0.005, "ok");
        write(now.minus(30, ChronoUnit.DAYS), "oncall", 99999, 9999, 9.0, "ok");
        Files.writeString(log(), "not json\n", java.nio.file.StandardOpenOption.APPEND);

        CliRun r = CliRun.run(Map.of("HOME", home.toString()), "usage", "--since", "7d", "--by", "agent");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsPattern("oncall\\s+2\\s+3000\\s+0\\s+300\\s+0.0300 1 failed")
                .containsPattern("postmortem\\s+1\\s+500")
                .containsPattern("TOTAL\\s+3\\s+3500\\s+0\\s+350\\s+0.0350")
                .doesNotContain("99999");
        assertThat(r.err()).contains("skipped unreadable line").contains("usage.jsonl:5");
    }

    @Test
    void printsJsonGroupedByDay() {
        write(Instant.parse("2026-11-20T10:00:00Z"), "oncall", 10, 1, 0.001, "ok");
        CliRun r = CliRun.run(Map.of("HOME", home.toString()), "usage", "--since", "3650d", "-o", "json");

        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.at("/groups/0/key").asString()).isEqualTo("2026-11-20");
        assertThat(json.at("/total/inputTokens").asLong()).isEqualTo(10);
    }

    @Test
    void noLogIsNotAnErrorAndABadDurationIs() {
        CliRun empty = CliRun.run(Map.of("HOME", home.toString()), "usage");
        assertThat(empty.exit()).isZero();
        assertThat(empty.out()).contains("No model calls");
        CliRun bad = CliRun.run(Map.of("HOME", home.toString()), "usage", "--since", "soon");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--since").contains("'soon' is not a duration");
    }

    @Test
    void aMissingFileADirectoryOrADeviceIsRefusedWithOneSentence() throws Exception {
        CliRun missing = CliRun.run("usage", "--file", home.resolve("absent.jsonl").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().lines()).singleElement().asString().contains("absent.jsonl does not exist");

        CliRun folder = CliRun.run("usage", "--file", home.toString());
        assertThat(folder.exit()).isEqualTo(2);
        assertThat(folder.err()).contains("is not a regular file");

        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "a system with /dev/zero");
        CliRun device = CliRun.run("usage", "--file", zero.toString());
        assertThat(device.exit()).isEqualTo(2);
        assertThat(device.err().lines()).singleElement().asString()
                .isEqualTo("aiops usage: the usage log /dev/zero is not a regular file (a directory, device or pipe)");

        Path fifo = home.resolve("fifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
        CliRun pipe = CliRun.run("usage", "--file", fifo.toString());
        assertThat(pipe.exit()).as("refused, not blocked on a reader").isEqualTo(2);
        assertThat(pipe.err()).contains("is not a regular file");
    }

    @Test
    void aLogLargerThanTheLimitIsReadFromItsEndAndTheCutIsReported() throws Exception {
        Instant now = Instant.now();
        write(now.minus(2, ChronoUnit.HOURS), "old", 1000, 100, 0.01, "ok");
        Files.writeString(log(), "\n".repeat(1_200_000), java.nio.file.StandardOpenOption.APPEND);
        write(now.minus(1, ChronoUnit.HOURS), "new", 500, 50, 0.005, "ok");

        CliRun r = CliRun.run("usage", "--file", log().toString(), "--by", "agent", "--max-file-mib", "1");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("new").doesNotContain("old");
        assertThat(r.err().lines()).singleElement().asString().contains("larger than 1 MiB", "not counted",
                "--max-file-mib");
        CliRun all = CliRun.run("usage", "--file", log().toString(), "--by", "agent");
        assertThat(all.out()).contains("new", "old");
        assertThat(all.err()).isEmpty();
    }
}
