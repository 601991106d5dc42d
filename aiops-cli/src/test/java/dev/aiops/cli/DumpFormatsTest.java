package dev.aiops.cli;

import static dev.aiops.cli.DumpForms.findings;
import static dev.aiops.cli.DumpForms.report;
import static dev.aiops.cli.DumpForms.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.cli.DumpForms.Seen;
import dev.aiops.infra.k8s.TarArchives.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code aiops diagnose --from-dump} on the forms a dump takes besides its folder, the format told from the content:
 * what {@code kubectl cluster-info dump} prints (as a file and on stdin), a {@code .tar.gz} of the folder, and the
 * Events alone. Each finds what the folder finds, and a part that cannot be read is named with its reason.
 */
class DumpFormatsTest {

    private static final Path CRASHLOOP = DumpForms.sample("crashloop-missing-configmap-key");
    private static final Path PENDING = DumpForms.sample("pending-insufficient-memory");

    @TempDir
    Path dir;

    private static void assertConfigKeyFinding(JsonNode report) {
        assertThat(findings(report)).anySatisfy(f -> {
            assertThat(f.category()).isEqualTo("ContainerConfigError");
            assertThat(f.object()).isEqualTo("loan-service-658d47db4-hhftl");
            assertThat(f.owner()).isEqualTo("loan-service");
            assertThat(f.text()).contains("LATE_FEE_POLICY");
        });
    }

    @Test
    void readsWhatClusterInfoDumpPrintsFromAFileAsTheFolderItPrints() throws IOException {
        Path printed = Files.writeString(dir.resolve("dump.txt"), DumpForms.stdoutForm(CRASHLOOP));
        Path folder = DumpForms.printedKindsOnly(CRASHLOOP, dir.resolve("folder"));

        JsonNode report = report(CliRun.run("diagnose", "--from-dump", printed.toString(), "-o", "json"));
        JsonNode same = report(CliRun.run("diagnose", "--from-dump", folder.toString(), "-o", "json"));

        assertConfigKeyFinding(report);
        assertThat(report.path("source").path("name").asString()).isEqualTo(printed.toString());
        assertThat(warnings(report)).isEmpty();
        assertThat(findings(report)).isEqualTo(findings(same));
        assertThat(report.path("summary").path("objectsScanned")).isEqualTo(same.path("summary").path("objectsScanned"));
    }

    @Test
    void readsWhatClusterInfoDumpPrintsOnStandardInput() throws IOException {
        CliRun r = CliRun.withInput(Map.of(), DumpForms.stdoutForm(PENDING), "diagnose", "--from-dump", "-",
                "-o", "json");

        JsonNode report = report(r);
        assertThat(report.path("source").path("name").asString()).isEqualTo("stdin");
        assertThat(findings(report)).anySatisfy(f -> {
            assertThat(f.category()).isEqualTo("Unschedulable");
            assertThat(f.object()).isEqualTo("variant-caller-568b9954c9-n8wq5");
            assertThat(f.text()).contains("Insufficient memory", "48Gi");
        });
    }

    @Test
    void namesTheLinesOfAValueCutShortAndAnalysesTheRest() throws IOException {
        String printed = DumpForms.stdoutForm(CRASHLOOP, (file, text) -> file.equals("members/services.json")
                ? text.substring(0, text.length() / 2)
                : file.equals("members/events.json") ? "Error from server (Forbidden): events is forbidden\n" + text : text);
        Path file = Files.writeString(dir.resolve("dump.txt"), printed);
        List<String> lines = Arrays.asList(printed.split("\n", -1));
        int forbidden = lines.indexOf("Error from server (Forbidden): events is forbidden") + 1;

        JsonNode report = report(CliRun.run("diagnose", "--from-dump", file.toString(), "-o", "json"));

        assertConfigKeyFinding(report);
        assertThat(warnings(report)).anySatisfy(w -> assertThat(w)
                .matches(Pattern.quote(file.toString()) + " lines \\d+-\\d+ \\(ServiceList\\): not valid JSON.*"));
        assertThat(warnings(report)).contains(file + " line " + forbidden + ": neither JSON nor a log section: skipped");
    }

    @Test
    void namesAStreamWithNothingKubernetesInIt() {
        CliRun empty = CliRun.withInput(Map.of(), "", "diagnose", "--from-dump", "-");
        CliRun broken = CliRun.withInput(Map.of(), "{\n    \"kind\": \"PodList\",\n    \"items\": [\n", "diagnose",
                "--from-dump", "-");

        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("stdin: empty input");
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err()).contains("stdin: holds no Kubernetes objects", "stdin lines 1-4 (PodList): not valid JSON");
    }

    @Test
    void readsATarGzOfTheDumpFolderWithOrWithoutItsTopFolder() throws IOException {
        Path withTop = DumpForms.tar(CRASHLOOP, "cluster-dump", dir.resolve("dump.tar.gz"), true, List.of());
        Path flat = DumpForms.tar(CRASHLOOP, null, dir.resolve("dump.tgz"), true, List.of());
        Path plain = DumpForms.tar(CRASHLOOP, null, dir.resolve("dump.tar"), false, List.of());

        for (Path archive : List.of(withTop, flat, plain)) {
            JsonNode report = report(CliRun.run("diagnose", "--from-dump", archive.toString(), "-o", "json"));
            assertConfigKeyFinding(report);
            assertThat(report.path("source").path("name").asString()).isEqualTo(archive.toString());
            assertThat(warnings(report)).as(archive.toString()).isEmpty();
        }
    }

    @Test
    void skipsArchiveEntriesThatLeaveTheFolderOrAreLinksAndSaysSo() throws IOException {
        Path archive = DumpForms.tar(CRASHLOOP, "cluster-dump", dir.resolve("dump.tgz"), true, List.of(
                Entry.file("cluster-dump/../../escaped.json", "{\"kind\":\"List\",\"items\":[]}"),
                Entry.file("/tmp/absolute.json", "{}"),
                new Entry("cluster-dump/library/link.json", '2', new byte[0], "/etc/passwd"),
                Entry.file("cluster-dump/library/services.json", "{\"kind\":\"ServiceList\",\"items\":[")));

        JsonNode report = report(CliRun.run("diagnose", "--from-dump", archive.toString(), "-o", "json"));

        assertConfigKeyFinding(report);
        assertThat(warnings(report)).contains(
                archive + ":cluster-dump/../../escaped.json: has a path that leads outside the archive's folder: skipped",
                archive + ":/tmp/absolute.json: has a path that leads outside the archive's folder: skipped",
                archive + ":cluster-dump/library/link.json: is a symbolic link (to /etc/passwd): links are not followed");
        assertThat(warnings(report)).anySatisfy(w -> assertThat(w)
                .startsWith(archive + ":cluster-dump/library/services.json: not valid JSON"));
        assertThat(dir.getParent().resolve("escaped.json")).doesNotExist();
        assertThat(dir.resolve("escaped.json")).doesNotExist();
    }

    @Test
    void namesAnArchiveThatIsCutShortOrNotAnArchive() throws IOException {
        Path whole = DumpForms.tar(CRASHLOOP, "cluster-dump", dir.resolve("whole.tgz"), true, List.of());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.tgz"), Arrays.copyOf(bytes, bytes.length * 3 / 4));
        Path notTar = dir.resolve("notes.tgz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(notTar))) {
            out.write("these are my notes, not a tar archive".getBytes(StandardCharsets.UTF_8));
        }

        CliRun partial = CliRun.run("diagnose", "--from-dump", cut.toString(), "-o", "json");
        CliRun wrong = CliRun.run("diagnose", "--from-dump", notTar.toString());

        assertThat(warnings(report(partial))).anySatisfy(w -> assertThat(w)
                .startsWith(cut + ": the archive is cut short or corrupt after"));
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains(notTar + ": not a tar archive");
    }

    @Test
    void analysesEventsAloneAndSaysNoObjectsWereGiven() throws IOException {
        Path crashEvents = Files.writeString(dir.resolve("crash-events.json"), DumpForms.eventsOnly(CRASHLOOP));
        Path pendingEvents = Files.writeString(dir.resolve("pending-events.json"), DumpForms.eventsOnly(PENDING));

        JsonNode crash = report(CliRun.run("diagnose", "--from-dump", crashEvents.toString(), "-o", "json"));
        JsonNode pending = report(CliRun.run("diagnose", "--from-dump", pendingEvents.toString(), "-o", "json"));

        assertThat(findings(crash)).anySatisfy(f -> {
            assertThat(f.category()).isEqualTo("ContainerConfigError");
            assertThat(f.object()).isEqualTo("loan-service-658d47db4-hhftl");
            assertThat(f.text()).contains("LATE_FEE_POLICY");
        });
        assertThat(findings(pending)).anySatisfy(f -> {
            assertThat(f.category()).isEqualTo("Unschedulable");
            assertThat(f.object()).isEqualTo("variant-caller-568b9954c9-n8wq5");
            assertThat(f.text()).contains("Insufficient memory");
        });
        assertThat(warnings(crash)).contains(crashEvents + ": holds only Events and none of the objects they are"
                + " about: the findings are what the Warning events say, not checked against the objects' state");
    }

    @Test
    void namesAnEventsFileCutShort() throws IOException {
        String events = DumpForms.eventsOnly(PENDING);
        Path cut = Files.writeString(dir.resolve("events.json"), events.substring(0, events.length() / 2));

        CliRun r = CliRun.run("diagnose", "--from-dump", cut.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(cut + ": not valid JSON");
    }
}
