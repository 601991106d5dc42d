package dev.aiops.domain.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.infra.k8s.SnapshotReader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunbookGeneratorTest {

    @Test
    void readsWhatACommandChanges() {
        assertThat(RunbookGenerator.change("kubectl set image deployment/frontend -n web frontend=r/i:1"))
                .isEqualTo(new RunbookGenerator.Change("deployment", "frontend", "web", false));
        assertThat(RunbookGenerator.change("kubectl create secret generic billing-db -n billing --from-literal=K=v"))
                .isEqualTo(new RunbookGenerator.Change("secret", "billing-db", "billing", true));
        assertThat(RunbookGenerator.change("kubectl get job nightly -n batch -o yaml | kubectl replace --force -f -"))
                .isEqualTo(new RunbookGenerator.Change("job", "nightly", "batch", false));
        assertThat(RunbookGenerator.change("kubectl patch service catalog -n shop --type merge -p '{\"spec\": {}}'"))
                .isEqualTo(new RunbookGenerator.Change("service", "catalog", "shop", false));
        assertThat(RunbookGenerator.change("kubectl rollout undo deployment/cart -n shop"))
                .isEqualTo(new RunbookGenerator.Change("deployment", "cart", "shop", false));
        assertThat(RunbookGenerator.change("kubectl edit ingress frontend-ingress -n web"))
                .isEqualTo(new RunbookGenerator.Change("ingress", "frontend-ingress", "web", false));
        assertThat(RunbookGenerator.change("kubectl describe pod -n billing invoice-worker-1")).isNull();
        assertThat(RunbookGenerator.change("kubectl rollout status deployment/cart -n shop")).isNull();
        assertThat(RunbookGenerator.change("kubectl logs -n search indexer-1 -c indexer --previous")).isNull();
    }

    @Test
    void aRunbookConfirmsSavesFixesVerifiesAndRollsBack() {
        DiagnosisReport report = Diagnoser.standard().diagnose(SnapshotReader.read(
                resource("samples/crashloop-missing-configmap-key/dump")), Set.of(),
                Set.of(Category.ContainerConfigError));
        Finding f = report.findings().get(0);

        Runbook rb = RunbookGenerator.generate(f);

        assertThat(rb.findingId()).isEqualTo(f.id());
        assertThat(rb.title()).startsWith("ContainerConfigError: Deployment library/");
        assertThat(rb.steps().get(0).description()).contains("LATE_FEE_POLICY");
        assertThat(rb.steps()).extracting(Runbook.Step::command).contains(
                "kubectl get configmap loan-service-config -n library -o yaml > before-configmap-loan-service-config.yaml");
        int save = indexOf(rb, "kubectl get configmap");
        int fix = indexOf(rb, "kubectl patch configmap");
        assertThat(save).isGreaterThan(0).isLessThan(fix);
        assertThat(rb.steps().get(rb.steps().size() - 1).command())
                .isEqualTo("aiops diagnose -n library --filter ContainerConfigError");
        assertThat(rb.steps()).extracting(Runbook.Step::command).contains("kubectl rollout status deployment/"
                + f.owner().name() + " -n library --timeout=5m");
        assertThat(rb.rollback()).extracting(Runbook.Step::command)
                .contains("kubectl apply -f before-configmap-loan-service-config.yaml");
    }

    static java.nio.file.Path resource(String name) {
        try {
            return java.nio.file.Path.of(RunbookGeneratorTest.class.getClassLoader().getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(Runbook rb, String prefix) {
        for (int i = 0; i < rb.steps().size(); i++) {
            String c = rb.steps().get(i).command();
            if (c != null && c.startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
