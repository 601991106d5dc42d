package dev.aiops.domain.diagnosis.analyzers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.ReportJson;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every row of the Warning reason table, each with a fixture in the JSON kubectl prints (the involved object, what it
 * relates to, and the event): the diagnosis reports the row's category on the object, naming the specific cause
 * (analyzed rows) or quoting the event (generic rows), and an analyzed event never gives a second, generic finding.
 */
class WarningReasonsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path DOC = Path.of("../docs/warning-reasons.md");

    private static Path fixtures() {
        try {
            return Path.of(WarningReasonsTest.class.getClassLoader().getResource("warning-reasons").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode expected() {
        return JSON.readTree(fixtures().resolve("expected.json").toFile());
    }

    static Stream<String> rows() {
        return WarningReasons.all().stream().map(WarningReasons.Row::key);
    }

    @Test
    void everyRowHasExactlyOneFixtureAndEveryFixtureARow() {
        List<String> keys = rows().toList();
        assertThat(keys).doesNotHaveDuplicates();
        List<String> cases = new java.util.ArrayList<>();
        expected().propertyNames().forEach(cases::add);
        assertThat(cases).containsExactlyInAnyOrderElementsOf(keys);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theDiagnosisReportsTheRowsCategoryOnTheObjectAndNamesTheCause(String key) {
        WarningReasons.Row row = WarningReasons.all().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
        JsonNode expect = expected().path(key);
        ClusterSnapshot snapshot = SnapshotReader.read(fixtures().resolve(expect.path("fixture").asString()));
        ObjectRef object = new ObjectRef(expect.path("kind").asString(),
                expect.path("kind").asString().matches("Node|PersistentVolume") ? null : "shop",
                expect.path("name").asString());

        DiagnosisReport report = Diagnoser.standard().diagnose(snapshot, Set.of(), Set.of());

        String all = ReportJson.toPrettyString(report);
        Finding f = report.findings().stream()
                .filter(x -> x.category() == row.category())
                .filter(x -> x.object().equals(object) || object.equals(x.owner()))
                .findFirst().orElse(null);
        assertThat(f).as("no %s on %s in %s", row.category(), object, all).isNotNull();
        String text = f.summary() + " " + f.rootCause() + " "
                + String.join(" ", f.evidence().stream().map(Evidence::text).toList());
        assertThat(text).as(all).contains(expect.path("text").asString());
        JsonNode event = snapshot.objects("Event").get(0);
        List<Finding> generic = new WarningEventAnalyzer().analyze(new ClusterIndex(snapshot));
        if (row.analyzer() != null) {
            assertThat(generic).as("an analyzed event gives no generic finding").isEmpty();
        } else {
            assertThat(generic).singleElement().satisfies(g -> {
                assertThat(g.rootCause()).contains(object.toString(), row.meaning(), event.path("reason").asString());
                assertThat(g.evidence()).anyMatch(e -> e.text().contains(event.path("message").asString()));
            });
            assertThat(f.severity().label()).isEqualTo(expect.path("severity").asString());
        }
    }

    @Test
    void anEventOfTheWrongTypeOrAnUnknownReasonGivesNoGenericFinding() {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("test", "events"));
        for (String[] e : new String[][] {{"Rebooted", "Normal"}, {"SomethingOdd", "Warning"}}) {
            b.add((tools.jackson.databind.node.ObjectNode) JSON.readTree("""
                    {"kind":"Event","metadata":{"name":"n.%s","namespace":"default"},
                     "involvedObject":{"kind":"Node","name":"node-1"},"reason":"%s","message":"m","type":"%s"}"""
                    .formatted(e[0], e[0], e[1])));
        }
        assertThat(new WarningEventAnalyzer().analyze(new ClusterIndex(b.build()))).isEmpty();
    }

    @Test
    void aGenericFindingYieldsToASpecificOneOnTheSameObjectWhateverTheAnalyzerOrder() {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("test", "events"));
        b.add((tools.jackson.databind.node.ObjectNode) JSON.readTree("""
                {"kind":"Node","metadata":{"name":"node-1"},"status":{"conditions":[
                 {"type":"Ready","status":"False","reason":"KubeletNotReady","message":"PLEG is not healthy"}]}}"""));
        b.add((tools.jackson.databind.node.ObjectNode) JSON.readTree("""
                {"kind":"Event","metadata":{"name":"node-1.rebooted","namespace":"default"},
                 "involvedObject":{"kind":"Node","name":"node-1"},"reason":"Rebooted","type":"Warning",
                 "message":"Node node-1 has been rebooted, boot id: 5e1f0a2c"}"""));
        ClusterSnapshot snapshot = b.build();

        for (List<dev.aiops.domain.diagnosis.Analyzer> order : List.of(
                List.<dev.aiops.domain.diagnosis.Analyzer>of(new NodeAnalyzer(), new WarningEventAnalyzer()),
                List.<dev.aiops.domain.diagnosis.Analyzer>of(new WarningEventAnalyzer(), new NodeAnalyzer()))) {
            List<Finding> findings = new Diagnoser(order, java.time.Clock.systemUTC())
                    .diagnose(snapshot, Set.of(), Set.of()).findings();
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.rootCause()).contains("PLEG is not healthy");
                assertThat(f.severity()).isEqualTo(dev.aiops.domain.diagnosis.Severity.CRITICAL);
            });
        }
        assertThat(new Diagnoser(List.of(new WarningEventAnalyzer()), java.time.Clock.systemUTC())
                .diagnose(snapshot, Set.of(), Set.of()).findings()).singleElement()
                .satisfies(f -> assertThat(f.summary()).contains("Rebooted", "boot id: 5e1f0a2c"));
    }

    @Test
    void theDocumentedTableIsTheOneInTheCode() throws IOException {
        if (Boolean.getBoolean("warning-reasons.write")) Files.writeString(DOC, WarningReasons.markdown());
        assertThat(Files.readString(DOC))
                .as("docs/warning-reasons.md differs from WarningReasons; regenerate it with -Dwarning-reasons.write=true")
                .isEqualTo(WarningReasons.markdown());
    }
}
