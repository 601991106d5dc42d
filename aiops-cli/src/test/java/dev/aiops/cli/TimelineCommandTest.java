package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.JsonSchema;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TimelineCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path ROLLOUT = Path.of("..", "agents-domain", "src", "test", "resources", "timeline",
            "rollout-then-failure", "dump");
    private static final Path CONTRACT = Path.of("..", "agents-domain", "src", "test", "resources", "contracts",
            "incident-timeline.schema.json");

    @Test
    void printsTheTimelineWithItsMarkersAsText() {
        CliRun r = CliRun.run("timeline", "--from-dump", ROLLOUT.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("new ReplicaSet cart-7f9c6d8b4 of Deployment cart, revision 2")
                .contains("<- trigger").contains("probable trigger: #").contains("first error: #")
                .contains("BackOff: Back-off restarting failed container cart");
    }

    @Test
    void writesTheContractAsJsonForAWindowAroundAnObject() {
        CliRun r = CliRun.run("timeline", "--from-dump", ROLLOUT.toString(), "-n", "shop", "--around", "deploy/cart",
                "--since", "2026-12-07T09:30:00Z", "--until", "2026-12-07T10:30:00Z", "--skew", "500ms", "-o", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.out());
        assertThat(JsonSchema.of(JSON.readTree(CONTRACT.toFile())).validate(json)).isEmpty();
        assertThat(json.path("clockSkewToleranceMs").asInt()).isEqualTo(500);
        assertThat(json.path("window").path("start").asString()).isEqualTo("2026-12-07T09:30:00Z");
        assertThat(json.path("scope").path("around").path("name").asString()).isEqualTo("cart");
        assertThat(json.path("markers").has("trigger")).isTrue();
        assertThat(json.path("omitted").path("beforeWindow").asInt()).isPositive();
    }

    @Test
    void aDurationCountsBackFromTheDumpsLatestTime() {
        CliRun r = CliRun.run("timeline", "--from-dump", ROLLOUT.toString(), "--since", "10m", "-o", "markdown");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# Timeline").contains("from 2026-12-07T09:56:00Z to the end")
                .contains("| # | time (UTC) |");
    }

    @Test
    void anObjectWithoutANamespaceIsFoundInTheSnapshot() {
        CliRun found = CliRun.run("timeline", "--from-dump", ROLLOUT.toString(), "--around", "pod/cart-7f9c6d8b4-x2k9q");
        CliRun missing = CliRun.run("timeline", "--from-dump", ROLLOUT.toString(), "--around", "deploy/ghost");

        assertThat(found.exit()).as(found.err()).isZero();
        assertThat(found.out()).contains("around Pod shop/cart-7f9c6d8b4-x2k9q").doesNotContain("cart-6d5f8b7c9-p4m2x");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no Deployment named ghost in the snapshot");
    }

    @Test
    void theDemoClusterHasATimelineToo() {
        CliRun r = CliRun.run("timeline", "--demo", "-n", "web", "--since", "1d");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("from demo").contains("namespace web").contains("Failed to pull image")
                .contains("first error: #");
    }

    @Test
    void rejectsBadValuesAndUnreadableInputWithExitTwo() {
        assertThat(CliRun.run("timeline", "--from-dump", ROLLOUT.toString(), "-o", "pdf").exit()).isEqualTo(2);
        CliRun since = CliRun.run("timeline", "--from-dump", ROLLOUT.toString(), "--since", "yesterday");
        assertThat(since.exit()).isEqualTo(2);
        assertThat(since.err()).contains("--since takes an RFC 3339 time");
        assertThat(CliRun.run("timeline", "--from-dump", ROLLOUT.toString(), "--skew", "-1s").exit()).isEqualTo(2);
        assertThat(CliRun.run("timeline", "--from-dump", ROLLOUT.toString(), "--around", "cart").err())
                .contains("KIND/NAME");
        assertThat(CliRun.run("timeline", "--from-dump", ROLLOUT.toString(), "--since", "2026-12-07T11:00:00Z",
                "--until", "2026-12-07T10:00:00Z").err()).contains("before it starts");
        CliRun missing = CliRun.run("timeline", "--from-dump", "/no/such/dump");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("aiops timeline: ").contains("no such file or directory");
        assertThat(CliRun.run("timeline").exit()).isEqualTo(2);
    }
}
