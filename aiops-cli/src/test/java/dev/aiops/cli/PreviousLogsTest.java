package dev.aiops.cli;

import static dev.aiops.cli.DumpForms.findings;
import static dev.aiops.cli.DumpForms.report;
import static dev.aiops.cli.DumpForms.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.cli.DumpForms.Seen;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The logs of a crashed container's previous instance ({@code kubectl logs --previous}) saved beside the current
 * ones in a dump folder are read as such: the crash's cause, which only they hold, reaches the finding, redacted.
 */
class PreviousLogsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String POD = "kb-search-6bc7854ddd-2klfr";
    private static final String CRASH = "2026-11-21T09:30:00Z FATAL: PAYMENT_URL is not set (token=abcd1234efgh5678)";

    @TempDir
    Path dir;

    private Path dump;

    /** The healthy sample, with one pod crash-looping and its current log saying nothing about why. */
    @BeforeEach
    void crashLoopingPod() throws IOException {
        dump = DumpForms.copy(DumpForms.sample("healthy-small"), dir.resolve("dump"));
        Path pods = dump.resolve("kb/pods.json");
        ObjectNode list = (ObjectNode) JSON.readTree(pods.toFile());
        for (JsonNode pod : list.path("items")) {
            if (!pod.path("metadata").path("name").asString().equals(POD)) continue;
            ObjectNode cs = (ObjectNode) pod.path("status").path("containerStatuses").get(0);
            cs.putObject("state").putObject("waiting").put("reason", "CrashLoopBackOff")
                    .put("message", "back-off 5m0s restarting failed container=kb-search pod=" + POD);
            cs.putObject("lastState").putObject("terminated").put("exitCode", 1).put("reason", "Error");
            cs.put("ready", false).put("restartCount", 7).put("started", false);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(pods.toFile(), list);
        Files.writeString(dump.resolve("kb").resolve(POD).resolve("logs.txt"),
                "==== START logs for container kb-search of pod kb/" + POD + " ====\n"
                        + "2026-11-21T09:31:00Z starting kb-search 0.12.4\n"
                        + "==== END logs for container kb-search of pod kb/" + POD + " ====\n");
    }

    private Seen crashLoop(JsonNode report) {
        return findings(report).stream().filter(f -> f.category().equals("CrashLoopBackOff")
                && f.object().equals(POD)).findFirst().orElseThrow();
    }

    @Test
    void withoutThePreviousLogTheCauseIsUnknown() {
        JsonNode report = report(CliRun.run("diagnose", "--from-dump", dump.toString(), "-o", "json"));

        assertThat(crashLoop(report).text()).doesNotContain("PAYMENT_URL");
    }

    @Test
    void readsContainerDotPreviousDotLogAsThePreviousInstance() throws IOException {
        Files.writeString(dump.resolve("kb").resolve(POD).resolve("kb-search.previous.log"), CRASH + "\n");

        CliRun r = CliRun.run("diagnose", "--from-dump", dump.toString(), "-o", "json");

        Seen crash = crashLoop(report(r));
        assertThat(crash.text()).contains("required configuration PAYMENT_URL is not set");
        assertThat(r.out()).doesNotContain("abcd1234efgh5678");
    }

    @Test
    void readsLogsDotPreviousAsTheDefaultContainerOrByItsMarkers() throws IOException {
        Files.writeString(dump.resolve("kb").resolve(POD).resolve("logs.previous.txt"), CRASH + "\n");
        Path marked = DumpForms.copy(dump, dir.resolve("marked"));
        Files.writeString(marked.resolve("kb").resolve(POD).resolve("logs.previous.txt"),
                "==== START logs for container kb-search of pod kb/" + POD + " ====\n" + CRASH + "\n"
                        + "==== END logs for container kb-search of pod kb/" + POD + " ====\n");

        for (Path d : List.of(dump, marked)) {
            JsonNode report = report(CliRun.run("diagnose", "--from-dump", d.toString(), "-o", "json"));
            assertThat(crashLoop(report).text()).as(d.toString()).contains("PAYMENT_URL is not set");
            assertThat(warnings(report)).isEmpty();
        }
    }

    @Test
    void readsThemInAnArchiveToo() throws IOException {
        Files.writeString(dump.resolve("kb").resolve(POD).resolve("kb-search.previous.log"), CRASH + "\n");
        Path archive = DumpForms.tar(dump, "dump", dir.resolve("dump.tgz"), true, List.of());

        JsonNode report = report(CliRun.run("diagnose", "--from-dump", archive.toString(), "-o", "json"));

        assertThat(crashLoop(report).text()).contains("PAYMENT_URL is not set");
    }

    @Test
    void namesPreviousLogsOfAPodTheDumpDoesNotHold() throws IOException {
        Files.createDirectories(dump.resolve("kb/ghost-7d9f8-abcde"));
        Files.writeString(dump.resolve("kb/ghost-7d9f8-abcde/logs.previous.txt"), CRASH + "\n");

        JsonNode report = report(CliRun.run("diagnose", "--from-dump", dump.toString(), "-o", "json"));

        assertThat(warnings(report)).contains("kb/ghost-7d9f8-abcde/logs.previous.txt: pod kb/ghost-7d9f8-abcde is not"
                + " in the dump, so the container these logs belong to is unknown");
        assertThat(findings(report)).extracting(Seen::category).contains("CrashLoopBackOff");
    }
}
