package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SpecCommandTest {

    static final Path EXAMPLES = Path.of("..", "examples", "specs");
    static final Path WEB = EXAMPLES.resolve("web-service.yaml");
    static final Path POSTGRES = EXAMPLES.resolve("postgres.yaml");
    static final Path SPECS = Path.of("..", "agents-domain", "src", "test", "resources", "specs");
    static final Path WRONG = SPECS.resolve("wrong-types-and-unknown-fields.yaml");
    static final Path VIOLATIONS = SPECS.resolve("policy-violations.yaml");

    @Test
    void theExamplesAreValid() {
        CliRun r = CliRun.run("spec", "validate", WEB.toString(), POSTGRES.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(WEB + ": valid\n" + POSTGRES + ": valid\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void namesEachSchemaErrorWithFileLineAndPointerAndExitsOne() {
        CliRun r = CliRun.run("spec", "validate", WRONG.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(
                WRONG + ":7: /service/pager: property 'pager' is not defined",
                WRONG + ":11: /image/tag: number found, string expected",
                WRONG + ":14: /ports/0/port: string found, integer expected",
                WRONG + ":18: /env/0/default: ",
                WRONG + ":19: /replicas: string found, integer expected",
                WRONG + ":20: /autoscaling/targetCPUUtilizationPercent: ",
                WRONG + ":23: /autoscaling/targetCPU: ",
                WRONG + ":27: /slos/availability/objective: string found, number expected",
                WRONG + ":32: /environments/production/region: ",
                WRONG + ": invalid, 9 problems (nothing rendered)");
    }

    @Test
    void reportsPolicyViolationsWithEnvironmentAndObjectAndFailsOnTheThreshold() {
        CliRun strict = CliRun.run("spec", "validate", VIOLATIONS.toString());
        CliRun medium = CliRun.run("spec", "validate", VIOLATIONS.toString(), "--fail-on", "medium");

        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.out()).contains(
                VIOLATIONS + ": [dev] Deployment quotes-dev/quotes: container quotes uses the mutable tag :latest"
                        + " (ghcr.io/example/quotes:latest) (PolicyViolation, low)",
                VIOLATIONS + ": [production] Deployment quotes/quotes: container quotes sets DB_PASSWORD to a literal"
                        + " value (reference a Secret: valueFrom.secretKeyRef) (PolicyViolation, low)",
                VIOLATIONS + ": [production] Deployment quotes/quotes: container quotes has no livenessProbe",
                VIOLATIONS + ": [production] Deployment quotes/quotes: 3 replicas in production but no"
                        + " PodDisruptionBudget");
        assertThat(strict.out()).containsPattern("violations, \\d+ at or above info\n$");
        assertThat(medium.exit()).isZero();
    }

    @Test
    void writesJsonWithProblemsAndViolations() {
        CliRun r = CliRun.run("spec", "validate", "-o", "json", WRONG.toString(), VIOLATIONS.toString(), WEB.toString());

        assertThat(r.exit()).isEqualTo(1);
        JsonNode report = JsonMapper.builder().build().readTree(r.out());
        assertThat(report.path("failOn").asString()).isEqualTo("info");
        assertThat(report.path("exitCode").asInt()).isEqualTo(1);
        JsonNode wrong = report.path("files").get(0);
        assertThat(wrong.path("passed").asBoolean()).isFalse();
        assertThat(wrong.path("problems")).hasSize(9);
        assertThat(wrong.path("problems").get(0).path("pointer").asString()).isEqualTo("/service/pager");
        assertThat(wrong.path("problems").get(0).path("line").asInt()).isEqualTo(7);
        assertThat(wrong.path("problems").get(0).path("kind").asString()).isEqualTo("schema");
        JsonNode violation = report.path("files").get(1).path("violations").get(0);
        assertThat(violation.path("environment").asString()).isEqualTo("dev");
        assertThat(violation.path("object").path("kind").asString()).isEqualTo("Deployment");
        assertThat(violation.path("category").asString()).isEqualTo("PolicyViolation");
        assertThat(violation.path("severity").asString()).isEqualTo("low");
        assertThat(report.path("files").get(2).path("passed").asBoolean()).isTrue();
    }

    @Test
    void anUnreadableFileExitsTwoNamingItAndTheRestIsStillValidated(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "service: [\n");

        CliRun r = CliRun.run("spec", "validate", dir.resolve("nope.yaml").toString(), broken.toString(), WEB.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("aiops spec validate: " + dir.resolve("nope.yaml") + ": no such file",
                "aiops spec validate: " + broken + ":").contains("not valid YAML");
        assertThat(r.out()).isEqualTo(WEB + ": valid\n");
    }

    @Test
    void rejectsBadOptionValues() {
        assertThat(CliRun.run("spec", "validate", WEB.toString(), "--fail-on", "urgent").exit()).isEqualTo(2);
        assertThat(CliRun.run("spec", "validate", WEB.toString(), "-o", "pdf").exit()).isEqualTo(2);
        assertThat(CliRun.run("spec", "validate").exit()).isEqualTo(2);
        assertThat(CliRun.run("spec", "render").exit()).isEqualTo(2);
    }

    @Test
    void rendersOneFilePerObjectForTheEnvironment(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("prod");

        CliRun r = CliRun.run("spec", "render", WEB.toString(), "--env", "production", "-o", out.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "01-serviceaccount-orders-api.yaml", "02-service-orders-api.yaml", "03-deployment-orders-api.yaml",
                    "04-horizontalpodautoscaler-orders-api.yaml", "05-poddisruptionbudget-orders-api.yaml",
                    "06-prometheusrule-orders-api.yaml");
        }
        assertThat(r.out().lines()).hasSize(6).allMatch(l -> l.startsWith(out.toString()));
        Path golden = Path.of("..", "agents-domain", "src", "test", "resources", "specs", "golden", "web-service",
                "production", "03-deployment-orders-api.yaml");
        assertThat(out.resolve("03-deployment-orders-api.yaml")).hasSameBinaryContentAs(golden);
        assertThat(CliRun.run("diagnose", "--from-dump", out.toString(), "--fail-on", "info").exit())
                .as("the rendered objects pass the diagnosis").isZero();
    }

    @Test
    void rendersTheOnlyEnvironmentWithoutEnvAndWarnsOfViolationsAndStaleFiles(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("one.yaml"), Files.readString(VIOLATIONS)
                .replaceAll("(?s)environments:.*", "environments:\n  dev: { namespace: quotes-dev }\n"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("07-ingress-old.yaml"), "kind: Ingress\n");

        CliRun r = CliRun.run("spec", "render", spec.toString(), "-o", out.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("03-deployment-quotes.yaml");
        assertThat(r.err()).contains("warning: " + out.resolve("07-ingress-old.yaml") + " was not written by this render",
                "warning: [dev] Deployment quotes-dev/quotes: container quotes uses the mutable tag :latest");
    }

    @Test
    void refusesToRenderAnInvalidSpecOrAnUnknownEnvironment(@TempDir Path dir) {
        CliRun invalid = CliRun.run("spec", "render", WRONG.toString(), "--env", "production", "-o", dir.toString());
        CliRun noEnv = CliRun.run("spec", "render", WEB.toString(), "-o", dir.toString());
        CliRun unknown = CliRun.run("spec", "render", WEB.toString(), "--env", "qa", "-o", dir.toString());
        CliRun missing = CliRun.run("spec", "render", dir.resolve("nope.yaml").toString(), "-o", dir.toString());

        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.err()).contains("aiops spec render: " + WRONG + ":7: /service/pager");
        assertThat(noEnv.exit()).isEqualTo(2);
        assertThat(noEnv.err()).contains("--env is needed: " + WEB + " has dev, staging, production");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no environment 'qa'");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.yaml: no such file");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aDirectoryThatCannotBeWrittenExitsTwo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "not a directory");

        CliRun r = CliRun.run("spec", "render", POSTGRES.toString(), "--env", "dev", "-o", file.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("aiops spec render: " + file + ": cannot write");
    }
}
