package dev.aiops.domain.diagnosis;

import static dev.aiops.domain.diagnosis.TestResources.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.eval.Evaluation;
import dev.aiops.domain.eval.Scenario;
import dev.aiops.domain.eval.ScenarioScore;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Every scenario folder (under {@code scenarios/}, and the shared {@code samples/}) through the same scoring as
 * {@code aiops eval}: a snapshot ({@code dump/}, {@code snapshot.json} or {@code snapshot.yaml}) and an
 * {@code expected.json} in the shared samples' format. A new scenario is a new folder; every analyzer is exercised
 * through at least one of them.
 */
class ScenariosTest {

    static List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>(Scenario.find(resource("scenarios")));
        all.addAll(Scenario.find(resource("samples")));
        return all;
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioHasFullRecallNamesEachCauseAndRaisesNoFalseAlarm() {
        Evaluation evaluation = new Evaluation(Diagnoser.standard());
        return scenarios().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            ScenarioScore score = evaluation.run(s);

            List<String> problems = new ArrayList<>();
            score.outcomes().stream().filter(o -> !o.met()).forEach(o -> problems.add(o.problem()));
            score.falseAlarms().forEach(a -> problems.add("false alarm: " + a));
            assertThat(problems).as(ReportJson.toPrettyString(score.report())).isEmpty();
            assertThat(score.found()).isEqualTo(score.expected());
            assertThat(score.passed()).isTrue();
            assertThat(TestResources.reportSchema().validate(ReportJson.toJson(score.report()))).isEmpty();
            assertThat(score.report().warnings()).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> findsTheSameOnOneThreadAsOnSeveral() {
        return scenarios().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            ClusterSnapshot snapshot = SnapshotReader.read(s.snapshot());

            JsonNode one = ReportJson.toJson(Diagnoser.standard().withThreads(1).diagnose(snapshot, Set.of(), Set.of()));
            JsonNode four = ReportJson.toJson(Diagnoser.standard().withThreads(4).diagnose(snapshot, Set.of(), Set.of()));

            assertThat(four.get("findings")).isEqualTo(one.get("findings"));
        }));
    }
}
