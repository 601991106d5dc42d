package dev.aiops.domain.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.diagnosis.analyzers.JobAnalyzerAccess;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmallPartsTest {

    @Test
    void parsesAndFormatsQuantities() {
        assertThat(Quantities.parse("48Gi")).isEqualTo(48.0 * 1024 * 1024 * 1024);
        assertThat(Quantities.parse("500m")).isEqualTo(0.5);
        assertThat(Quantities.parse("2")).isEqualTo(2.0);
        assertThat(Quantities.parse("1e3")).isEqualTo(1000.0);
        assertThat(Quantities.parse("12x")).isNaN();
        assertThat(Quantities.bytes(12.5 * 1024 * 1024 * 1024)).isEqualTo("12.5Gi");
        assertThat(Quantities.bytes(256.0 * 1024 * 1024)).isEqualTo("256Mi");
        assertThat(Quantities.cores(0.25)).isEqualTo("250m");
        assertThat(Quantities.cores(16)).isEqualTo("16");
    }

    @Test
    void validatesCronSchedules() {
        assertThat(JobAnalyzerAccess.valid("*/5 * * * *")).isTrue();
        assertThat(JobAnalyzerAccess.valid("0 3 * * 1-5")).isTrue();
        assertThat(JobAnalyzerAccess.valid("@hourly")).isTrue();
        assertThat(JobAnalyzerAccess.valid("CRON_TZ=UTC 0 1 * * *")).isTrue();
        assertThat(JobAnalyzerAccess.valid("*/5 * * *")).isFalse();
        assertThat(JobAnalyzerAccess.valid("0 25 * * *")).isFalse();
        assertThat(JobAnalyzerAccess.valid("@sometimes")).isFalse();
    }

    @Test
    void findingIdsAreStableAndDistinct() {
        ObjectRef a = new ObjectRef("Deployment", "shop", "api");
        assertThat(Finding.stableId(Category.OOMKilled, a)).isEqualTo(Finding.stableId(Category.OOMKilled, a))
                .startsWith("oomkilled-")
                .isNotEqualTo(Finding.stableId(Category.CrashLoopBackOff, a));
    }

    @Test
    void anonymizesConsistentlyWithoutLeakingNames() {
        ClusterSnapshot s = SnapshotReader.read(TestResources.resource("samples/crashloop-missing-configmap-key/dump"));
        DiagnosisReport report = Diagnoser.standard().diagnose(s, Set.of(), Set.of());

        DiagnosisReport masked = Anonymizer.forSnapshot(s).apply(report);

        String json = ReportJson.toPrettyString(masked);
        assertThat(json).doesNotContain("loan-service", "library", "aks-nodepool1", "libsysacr");
        assertThat(json).contains("LATE_FEE_POLICY");
        Finding f = masked.findings().get(0);
        assertThat(f.owner().name()).startsWith("name-");
        assertThat(f.object().name()).startsWith("pod-");
        assertThat(f.object().namespace()).startsWith("ns-");
        assertThat(f.rootCause()).contains(f.object().namespace());
    }

    @Test
    void rendersTextAndMarkdownGroupedByNamespace() {
        ClusterSnapshot s = SnapshotReader.read(TestResources.resource("samples/pending-insufficient-memory/dump"));
        DiagnosisReport report = Diagnoser.standard().diagnose(s, Set.of(), Set.of());

        String text = ReportText.text(report, false);
        String md = ReportText.markdown(report);
        String colored = ReportText.text(report, true);

        assertThat(text).contains("bioinformatics", "root cause: Insufficient memory", "$ kubectl");
        assertThat(text).doesNotContain("\u001b[");
        assertThat(colored).contains("\u001b[");
        assertThat(md).startsWith("# Diagnosis").contains("## bioinformatics", "**Root cause:**");
    }

    @Test
    void filtersByNamespaceAndCategory() {
        ClusterSnapshot s = SnapshotReader.read(TestResources.resource("samples/pending-insufficient-memory/dump"));

        DiagnosisReport onlyUnschedulable = Diagnoser.standard().diagnose(s, Set.of(), Set.of(Category.Unschedulable));
        DiagnosisReport otherNamespace = Diagnoser.standard().diagnose(s, Set.of("lab-portal"), Set.of(Category.Unschedulable));

        assertThat(onlyUnschedulable.findings()).extracting(Finding::category).containsOnly(Category.Unschedulable);
        assertThat(otherNamespace.findings()).isEmpty();
        assertThat(onlyUnschedulable.hasFindingsAtLeast(Severity.HIGH)).isTrue();
        assertThat(new DiagnosisReport(Instant.now(), "dump", null, 0, 0, List.of(), List.of())
                .hasFindingsAtLeast(Severity.INFO)).isFalse();
    }
}
