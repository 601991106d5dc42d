package dev.aiops.domain.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.JsonSchema;
import dev.aiops.core.contract.SchemaViolation;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SharedSamplesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Path resource(String name) {
        try {
            return Path.of(SharedSamplesTest.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonSchema reportSchema() {
        return JsonSchema.of(JSON.readTree(resource("contracts/diagnosis-report.schema.json").toFile()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"crashloop-missing-configmap-key", "pending-insufficient-memory", "healthy-small"})
    void findsTheExpectedRootCausesAndNothingOnHealthyObjects(String sample) {
        Path dir = resource("samples/" + sample);
        ClusterSnapshot snapshot = SnapshotReader.read(dir.resolve("dump"));

        DiagnosisReport report = Diagnoser.standard().diagnose(snapshot, Set.of(), Set.of());

        JsonNode expected = JSON.readTree(dir.resolve("expected.json").toFile());
        assertThat(ExpectedFindings.check(expected, report)).as(ReportJson.toPrettyString(report)).isEmpty();
        List<SchemaViolation> violations = reportSchema().validate(ReportJson.toJson(report));
        assertThat(violations).isEmpty();
        assertThat(report.warnings()).isEmpty();
    }
}
