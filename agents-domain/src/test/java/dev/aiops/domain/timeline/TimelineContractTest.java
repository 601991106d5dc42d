package dev.aiops.domain.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.core.contract.SchemaViolation;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of every timeline fixture, diagnosis scenario and shared sample follows the incident-timeline v1
 * contract ({@code contracts/incident-timeline.schema.json}, copied from the shared contracts), reads back to the
 * same timeline, and does not depend on the number of threads.
 */
class TimelineContractTest {

    static Stream<String> snapshots() throws IOException {
        List<String> out = new ArrayList<>();
        for (String root : List.of("timeline", "scenarios", "samples")) {
            try (Stream<Path> dirs = Files.list(Fixtures.resource(root))) {
                dirs.filter(Files::isDirectory).map(p -> root + "/" + p.getFileName()).sorted().forEach(out::add);
            }
        }
        return out.stream();
    }

    private static ClusterSnapshot read(String name) {
        Path dir = Fixtures.resource(name);
        for (String input : List.of("dump", "snapshot.json", "snapshot.yaml")) {
            if (Files.exists(dir.resolve(input))) return SnapshotReader.read(dir.resolve(input));
        }
        throw new IllegalStateException(name + " holds no snapshot");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void theJsonFollowsTheContractAndReadsBack(String name) {
        Timeline t = TimelineBuilder.build(read(name), TimelineQuery.all(), 1, Fixtures.CLOCK);

        ObjectNode json = TimelineJson.toJson(t);
        List<SchemaViolation> violations = Fixtures.contract().validate(json);

        assertThat(violations).isEmpty();
        assertThat(t.entries()).isNotEmpty();
        assertThat(json.path("entries").size()).isEqualTo(t.entries().size());
        assertThat(TimelineJson.toJson(TimelineJson.fromJson(json))).isEqualTo(json);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void theTimelineIsTheSameOnOneThreadAsOnFour(String name) {
        ClusterSnapshot s = read(name);

        JsonNode one = TimelineJson.toJson(TimelineBuilder.build(s, TimelineQuery.all(), 1, Fixtures.CLOCK));
        JsonNode four = TimelineJson.toJson(TimelineBuilder.build(s, TimelineQuery.all(), 4, Fixtures.CLOCK));

        assertThat(four).isEqualTo(one);
    }

    @Test
    void theContractsMarkersAndCountsAreWritten() {
        Timeline t = Fixtures.timeline("rollout-then-failure", TimelineQuery.all());

        JsonNode json = TimelineJson.toJson(t);

        assertThat(json.path("schemaVersion").asString()).isEqualTo("1");
        assertThat(json.path("source").path("type").asString()).isEqualTo("dump");
        assertThat(json.path("clockSkewToleranceMs").asInt()).isEqualTo(2000);
        assertThat(json.path("markers").path("trigger").asInt()).isEqualTo(t.markers().trigger());
        assertThat(json.path("markers").has("recovery")).isFalse();
        JsonNode backOff = json.path("entries").get(t.markers().firstError());
        assertThat(backOff.path("count").asInt()).isEqualTo(8);
        assertThat(backOff.path("firstTime").asString()).isEqualTo("2026-12-07T10:02:10Z");
        assertThat(backOff.path("lastTime").asString()).isEqualTo("2026-12-07T10:06:00Z");
        assertThat(backOff.path("object").path("container").asString()).isEqualTo("cart");
        assertThat(json.path("omitted").path("beforeWindow").asInt()).isZero();
    }

    @Test
    void aDocumentThatIsNoTimelineIsRefused() {
        assertThatThrownBy(() -> TimelineJson.fromJson(Fixtures.JSON.readTree(
                "{\"entries\":[{\"time\":\"yesterday\"}]}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an incident-timeline v1 document");
    }
}
