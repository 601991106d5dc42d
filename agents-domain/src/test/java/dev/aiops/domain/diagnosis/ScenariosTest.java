package dev.aiops.domain.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One scenario per folder under {@code scenarios/}: a snapshot in a format kubectl writes ({@code dump/} as
 * cluster-info dump lays it out, or {@code snapshot.json} / {@code snapshot.yaml}) and an {@code expected.json}
 * in the shared samples' format. Every analyzer is exercised through at least one of them.
 */
class ScenariosTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<String> scenarios() throws IOException {
        Path root = SharedSamplesTest.resource("scenarios");
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    static Path input(Path dir) {
        for (String name : List.of("dump", "snapshot.json", "snapshot.yaml")) {
            if (Files.exists(dir.resolve(name))) return dir.resolve(name);
        }
        throw new IllegalStateException(dir + " has no dump/, snapshot.json or snapshot.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void diagnosesTheScenarioAsExpected(String scenario) {
        Path dir = SharedSamplesTest.resource("scenarios/" + scenario);
        ClusterSnapshot snapshot = SnapshotReader.read(input(dir));

        DiagnosisReport report = Diagnoser.standard().diagnose(snapshot, Set.of(), Set.of());

        JsonNode expected = JSON.readTree(dir.resolve("expected.json").toFile());
        assertThat(ExpectedFindings.check(expected, report)).as(ReportJson.toPrettyString(report)).isEmpty();
        assertThat(SharedSamplesTest.reportSchema().validate(ReportJson.toJson(report))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void findsTheSameOnOneThreadAsOnSeveral(String scenario) {
        ClusterSnapshot snapshot = SnapshotReader.read(input(SharedSamplesTest.resource("scenarios/" + scenario)));

        JsonNode one = ReportJson.toJson(Diagnoser.standard().withThreads(1).diagnose(snapshot, Set.of(), Set.of()));
        JsonNode four = ReportJson.toJson(Diagnoser.standard().withThreads(4).diagnose(snapshot, Set.of(), Set.of()));

        assertThat(four.get("findings")).isEqualTo(one.get("findings"));
    }
}
