package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The chart meets our own standards: the rendered manifests, read as a dump ({@code aiops diagnose --from-dump
 * rendered.yaml}), get no finding above {@code low}.
 *
 * <p>Manifests carry no pods: a Service whose selector matches a pod template of a rendered workload is not
 * reported as having no endpoints (the diagnosis tells manifests from a running cluster by the absence of pods).
 */
class ChartDiagnosisTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "values.yaml + {0}")
    @NullSource
    @ValueSource(strings = {"values-dev.yaml", "values-prod.yaml"})
    void theRenderedChartHasNoFindingAboveLow(String valuesFile) throws IOException {
        String rendered = ChartFixture.render(valuesFile);
        Path file = Files.writeString(dir.resolve("rendered.yaml"), rendered);

        ClusterSnapshot snapshot = SnapshotReader.read(file);
        DiagnosisReport report = Diagnoser.standard().diagnose(snapshot, Set.of(), Set.of());

        assertThat(report.warnings()).as("the rendering reads cleanly as a dump").isEmpty();
        assertThat(report.objectsScanned()).isEqualTo(ChartFixture.documents(rendered).size());
        List<Finding> aboveLow = report.findings().stream()
                .filter(f -> f.severity().atLeast(Severity.MEDIUM))
                .toList();
        assertThat(aboveLow).as("findings above low on the chart's objects (fix the chart):%n%s", describe(aboveLow))
                .isEmpty();
    }

    private static String describe(List<Finding> findings) {
        return findings.stream().map(f -> f.severity().label() + " " + f.summary() + " :: " + f.rootCause())
                .collect(Collectors.joining("\n"));
    }
}
