package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code aiops runbook generate --finding}: the same runbooks the MCP server serves, on the command line. */
class RunbookCommandTest {

    @Test
    void aFindingsRunbookHasItsStepsClassifiedAndARollbackPlan() {
        CliRun r = CliRun.run("runbook", "generate", "--demo", "--finding", "legacy-admin");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# ").contains("## Procedure", "## Rollback", "**read-only**", "```bash");
    }

    @Test
    void jsonIsTheRunbookGenerateOutput() throws Exception {
        CliRun r = CliRun.run("runbook", "generate", "--demo", "--finding", "1", "-o", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.path("findingId").asString()).isNotBlank();
        assertThat(json.path("steps")).isNotEmpty();
        assertThat(json.has("rollback")).isTrue();
    }

    @Test
    void aNameWithSeveralFindingsAsksForAnId() {
        CliRun r = CliRun.run("runbook", "generate", "--demo", "--finding", "postgres");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'postgres' matches 3 findings; give one of their ids");
    }

    @Test
    void anUnknownFindingIsAnInputErrorThatCountsTheFindings() {
        CliRun r = CliRun.run("runbook", "generate", "--demo", "--finding", "nope");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no finding 'nope'", "findings; see aiops diagnose");
    }

    @Test
    void aSpecsRunbookHasEveryProcedureWithItsRollback() {
        CliRun r = CliRun.run("runbook", "generate", "--from-spec", "../examples/specs/web-service.yaml", "--env",
                "staging");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# Runbook: orders-api in staging").contains("## Deploy",
                "### Rollback: Deploy", "## Verify", "## Scale", "### Rollback: Scale", "## Failure modes",
                "## Dependencies", "kubectl rollout undo deployment/orders-api -n orders-staging");
    }

    @Test
    void specProblemsAndUsageErrorsSayWhatIsWrong(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path bad = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(bad, "apiVersion: aiops.dev/v1\nkind: DeploymentSpec\nservice: {name: x}\n"
                + "replicas: many\ncolour: blue\n");

        CliRun invalid = CliRun.run("runbook", "generate", "--from-spec", bad.toString());
        CliRun env = CliRun.run("runbook", "generate", "--from-spec", "../examples/specs/web-service.yaml", "--env",
                "qa");
        CliRun noSource = CliRun.run("runbook", "generate", "--finding", "1");

        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).contains("is not a valid deployment spec", "/replicas", "/colour");
        assertThat(env.exit()).isEqualTo(2);
        assertThat(env.err()).contains("--env takes dev, staging, production, not 'qa'");
        assertThat(noSource.exit()).isEqualTo(2);
        assertThat(noSource.err()).contains("--finding needs a cluster");
    }
}
