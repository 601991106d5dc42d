package dev.aiops.domain.eval;

import static dev.aiops.domain.diagnosis.TestResources.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTest {

    @TempDir
    Path dir;

    @Test
    void aFolderIsOneScenarioOrHoldsThemByName() {
        List<Scenario> all = Scenario.find(resource("samples"));
        List<Scenario> one = Scenario.find(resource("samples/healthy-small"));

        assertThat(all).extracting(Scenario::name).containsExactly("crashloop-missing-configmap-key",
                "healthy-small", "pending-insufficient-memory");
        assertThat(one).extracting(Scenario::name).containsExactly("healthy-small");
        assertThat(one.get(0).snapshot()).isEqualTo(resource("samples/healthy-small/dump"));
        assertThat(one.get(0).expected().expectsHealthy()).isTrue();
    }

    @Test
    void aFolderWithoutScenariosOrAScenarioWithoutSnapshotIsRefused() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "nothing here");
        assertThatThrownBy(() -> Scenario.find(dir)).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(dir + " holds no scenario");

        Path bare = Files.createDirectories(dir.resolve("bare"));
        Files.writeString(bare.resolve("expected.json"), "{\"findings\": []}");
        assertThatThrownBy(() -> Scenario.find(dir)).hasMessage(bare + " has expected.json but no dump/,"
                + " snapshot.json or snapshot.yaml to diagnose");
        assertThatThrownBy(() -> Scenario.find(dir.resolve("gone"))).hasMessage(dir.resolve("gone")
                + ": no such folder");
    }

    @Test
    void aRecordedScenarioExpectsWhatTheDiagnosisFoundAndEvaluatesClean() {
        ClusterSnapshot snapshot = SnapshotReader.read(resource("samples/crashloop-missing-configmap-key/dump"));
        DiagnosisReport report = Diagnoser.standard().diagnose(snapshot, Set.of(), Set.of());
        Path target = dir.resolve("loan-service-incident");

        Scenario.record(snapshot, report, target);
        Scenario recorded = Scenario.find(target).get(0);
        ScenarioScore score = new Evaluation(Diagnoser.standard()).run(recorded);

        assertThat(recorded.snapshot()).isEqualTo(target.resolve("dump"));
        assertThat(recorded.expected().findings()).extracting(ExpectedFinding::category)
                .contains(Category.ContainerConfigError);
        assertThat(recorded.expected().healthy()).contains(new ObjectRef("Deployment", "members", "member-portal"),
                new ObjectRef("Node", null, "aks-nodepool1-11094417-vmss000000"))
                .doesNotContain(new ObjectRef("Deployment", "library", "loan-service"));
        assertThat(recorded.expected().description()).startsWith("Recorded from dump ");
        assertThat(score.passed()).as(score.outcomes() + " " + score.falseAlarms()).isTrue();
        assertThat(score.found()).isEqualTo(recorded.expected().findings().size()).isPositive();
    }

    @Test
    void neverRecordsOverAnExistingScenario() throws IOException {
        ClusterSnapshot snapshot = SnapshotReader.read(resource("samples/healthy-small/dump"));
        DiagnosisReport report = Diagnoser.standard().diagnose(snapshot, Set.of(), Set.of());
        Files.writeString(Files.createDirectories(dir.resolve("edited")).resolve("expected.json"), "{}");

        assertThatThrownBy(() -> Scenario.record(snapshot, report, dir.resolve("edited")))
                .isInstanceOf(ScenarioException.class)
                .hasMessage(dir.resolve("edited") + " is not empty: record a scenario into a new folder");
        assertThat(Files.readString(dir.resolve("edited/expected.json"))).isEqualTo("{}");
    }
}
