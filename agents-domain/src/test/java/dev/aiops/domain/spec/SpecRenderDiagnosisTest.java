package dev.aiops.domain.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code aiops spec render} writes meets our own standards: the directory, read back as a dump ({@code aiops
 * diagnose --from-dump DIR}), gets no finding above {@code low}, and the examples get none at all.
 */
class SpecRenderDiagnosisTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("dev.aiops.domain.spec.SpecRenderGoldenTest#examplesAndEnvironments")
    void theRenderedDirectoryReadsAsADumpWithNoFindingAboveLow(String example, String environment) {
        DeploymentSpec spec = SpecFixtures.example(example);
        List<Path> written = SpecRenderer.write(spec, environment, dir.resolve(environment));

        ClusterSnapshot snapshot = SnapshotReader.read(dir.resolve(environment));
        DiagnosisReport report = Diagnoser.standard().diagnose(snapshot, Set.of(), Set.of());

        assertThat(report.warnings()).as("the rendering reads cleanly as a dump").isEmpty();
        assertThat(report.objectsScanned()).isEqualTo(written.size());
        List<Finding> aboveLow = report.findings().stream().filter(f -> f.severity().atLeast(Severity.MEDIUM)).toList();
        assertThat(aboveLow).as("findings above low:%n%s", describe(aboveLow)).isEmpty();
        assertThat(report.findings()).as("the examples are clean:%n%s", describe(report.findings())).isEmpty();
        assertThat(snapshot.namespaces()).containsExactly(spec.forEnvironment(environment).namespace());
    }

    private static String describe(List<Finding> findings) {
        return findings.stream().map(f -> f.severity().label() + " " + f.summary() + " :: " + f.rootCause())
                .collect(Collectors.joining("\n"));
    }
}
