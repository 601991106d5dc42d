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
}
