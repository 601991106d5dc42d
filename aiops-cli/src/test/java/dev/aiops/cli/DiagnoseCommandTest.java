package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DiagnoseCommandTest {

    static final Path CRASHLOOP = Path.of("..", "agents-domain", "src", "test", "resources", "samples",
            "crashloop-missing-configmap-key", "dump");

    @Test
    void printsTheRootCauseAsText() {
        CliRun r = CliRun.run("diagnose", "--from-dump", CRASHLOOP.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("library", "ContainerConfigError", "LATE_FEE_POLICY", "$ kubectl patch configmap");
    }

    @Test
    void writesTheReportContractAsJsonAndFailsOnSeverity() {
        CliRun r = CliRun.run("diagnose", "--from-dump", CRASHLOOP.toString(), "-o", "json", "--fail-on", "high",
                "--filter", "ContainerConfigError");

        assertThat(r.exit()).isEqualTo(1);
        JsonNode report = JsonMapper.builder().build().readTree(r.out());
        assertThat(report.path("schemaVersion").asString()).isEqualTo("1");
        assertThat(report.path("findings")).hasSize(1);
        assertThat(report.path("source").path("type").asString()).isEqualTo("dump");
    }

    @Test
    void writesMarkdownAndAnonymizes() {
        CliRun r = CliRun.run("diagnose", "--from-dump", CRASHLOOP.toString(), "-o", "markdown", "--anonymize");

        assertThat(r.out()).startsWith("# Diagnosis").contains("LATE_FEE_POLICY").doesNotContain("loan-service", "library");
    }

    @Test
    void namesUnreadableInputAndExitsTwo(@TempDir Path dir) throws IOException {
        Path notKube = Files.writeString(dir.resolve("weather.json"), "{\"temp\": 21}");

        CliRun missing = CliRun.run("diagnose", "--from-dump", dir.resolve("nope").toString());
        CliRun wrong = CliRun.run("diagnose", "--from-dump", notKube.toString());

        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope: no such file or directory");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("weather.json").contains("not Kubernetes JSON/YAML");
    }

    @Test
    void analysesTheRestOfADumpWithBrokenFilesAndWarns(@TempDir Path dir) throws IOException {
        Path copy = Folders.copy(CRASHLOOP, dir.resolve("dump"));
        Files.writeString(copy.resolve("members/services.json"), "{\"kind\":\"ServiceList\",\"items\":[");

        CliRun r = CliRun.run("diagnose", "--from-dump", copy.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("LATE_FEE_POLICY")
                .containsPattern("warning: members/services\\.json: not valid JSON: .*; file skipped");
    }

    @Test
    void withNoSourceAndNoKubeconfigSaysSoInOneLineAndSuggestsTheDemo(@TempDir Path dir) {
        Path missing = dir.resolve("missing-config");

        CliRun r = CliRun.run(Map.of("KUBECONFIG", missing.toString(), "HOME", dir.toString()), "diagnose");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("aiops diagnose: no kubeconfig: KUBECONFIG names " + missing + ", which does"
                + " not exist; point KUBECONFIG at one, or try the embedded demo cluster with --demo"
                + System.lineSeparator());
    }

    /** A copy of the {@link #CRASHLOOP} dump in {@code dir}, for tests that change it. */
    static Path copyOfCrashloop(Path dir) throws IOException {
        return Folders.copy(CRASHLOOP, dir.resolve("dump"));
    }

    @Test
    void rejectsBadOptionValues() {
        CliRun category = CliRun.run("diagnose", "--from-dump", CRASHLOOP.toString(), "--filter", "Gremlins");
        CliRun failOn = CliRun.run("diagnose", "--from-dump", CRASHLOOP.toString(), "--fail-on", "urgent");
        CliRun output = CliRun.run("diagnose", "--from-dump", CRASHLOOP.toString(), "-o", "pdf");
        CliRun two = CliRun.run("diagnose", "--demo", "--from-dump", "x");

        assertThat(List.of(category, failOn, output, two)).extracting(CliRun::exit).containsOnly(2);
        assertThat(category.err()).contains("unknown category 'Gremlins'");
        assertThat(failOn.err()).contains("--fail-on takes critical, high, medium, low, info or none, not 'urgent'");
        assertThat(output.err()).contains("--output takes text, markdown or json, not 'pdf'");
        assertThat(two.err()).contains("mutually exclusive");
    }
}
