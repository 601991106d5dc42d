package dev.aiops.domain.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.infra.k8s.SnapshotReader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ReportJsonRoundTripTest {

    @Test
    void aReportReadBackFromItsJsonIsTheSameReport() {
        DiagnosisReport report = Diagnoser.standard().diagnose(SnapshotReader.read(TestResources
                .resource("samples/crashloop-missing-configmap-key/dump")), Set.of(), Set.of());

        DiagnosisReport back = ReportJson.fromJson(ReportJson.toJson(report));

        assertThat(back.findings()).isEqualTo(report.findings());
        assertThat(ReportJson.toJson(back)).isEqualTo(ReportJson.toJson(report));
    }

    @Test
    void anUnknownCategoryIsNamed() {
        DiagnosisReport report = Diagnoser.standard().diagnose(SnapshotReader.read(TestResources
                .resource("samples/crashloop-missing-configmap-key/dump")), Set.of(), Set.of());
        ObjectNode json = ReportJson.toJson(report);
        ((ObjectNode) json.path("findings").get(0)).put("category", "Gremlins");

        assertThatThrownBy(() -> ReportJson.fromJson(json)).hasMessageContaining("Gremlins");
    }
}
