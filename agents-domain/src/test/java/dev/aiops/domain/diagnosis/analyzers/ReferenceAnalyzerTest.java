package dev.aiops.domain.diagnosis.analyzers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What pod templates in manifests refer to and the manifests do not define. */
class ReferenceAnalyzerTest {

    private static final String WORKER = """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: worker, namespace: shop}
            spec:
              schedule: "*/5 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      serviceAccountName: %s
                      restartPolicy: OnFailure
                      containers:
                        - name: worker
                          image: ghcr.io/example/worker:1.0
                          env:
                            - {name: A, valueFrom: {configMapKeyRef: {name: settings, key: %s}}}
                            - {name: B, valueFrom: {secretKeyRef: {name: sealed, key: token}}}
                            - {name: C, valueFrom: {configMapKeyRef: {name: extra, key: x, optional: true}}}
                          volumeMounts: [{name: ca, mountPath: /ca}, {name: cache, mountPath: /cache}]
                      volumes:
                        - {name: ca, configMap: {name: kube-root-ca.crt}}
                        - {name: cache, persistentVolumeClaim: {claimName: %s}}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: shop}
            data: {mode: fast}
            ---
            apiVersion: bitnami.com/v1alpha1
            kind: SealedSecret
            metadata: {name: sealed, namespace: shop}
            spec: {encryptedData: {token: AgBy3i4OJSWK}}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: cache, namespace: shop}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: ops, namespace: shop}
            """;

    @TempDir
    Path dir;

    private List<Finding> diagnose(String yaml) throws IOException {
        ClusterSnapshot s = SnapshotInput.read(Files.writeString(dir.resolve("manifests.yaml"), yaml));
        assertThat(s.coverage()).isEqualTo(ClusterSnapshot.Coverage.MANIFESTS);
        return Diagnoser.standard().diagnose(s, Set.of(), Set.of()).findings().stream()
                .filter(f -> f.object().name().equals("worker")).toList();
    }

    @Test
    void referencesTheManifestsSatisfyGiveNoFinding() throws IOException {
        assertThat(diagnose(WORKER.formatted("ops", "mode", "cache"))).isEmpty();
        assertThat(diagnose(WORKER.formatted("default", "mode", "cache"))).isEmpty();
    }

    @Test
    void aMissingKeyIsHighAndAnObjectMissingBesideOthersOfItsKindMedium() throws IOException {
        List<Finding> found = diagnose(WORKER.formatted("worker", "speed", "scratch"));

        assertThat(found).extracting(Finding::category, Finding::severity).containsExactlyInAnyOrder(
                tuple(Category.ContainerConfigError, Severity.HIGH),
                tuple(Category.Unschedulable, Severity.MEDIUM),
                tuple(Category.PodCreationFailed, Severity.MEDIUM));
        assertThat(found).anySatisfy(f -> assertThat(f.rootCause())
                .isEqualTo("ConfigMap settings has no key speed (it has [mode])"));
        assertThat(found).anySatisfy(f -> assertThat(f.rootCause()).startsWith(
                "PersistentVolumeClaim scratch is not defined in the manifests"));
        assertThat(found).anySatisfy(f -> assertThat(f.rootCause()).isEqualTo("ServiceAccount worker is not defined"
                + " in the manifests, which define other ServiceAccounts in namespace shop: no pod can be created unless"
                + " it exists there"));
    }

    @Test
    void kindsTheManifestsDoNotHoldAreLeftToTheCluster() throws IOException {
        String alone = WORKER.formatted("worker", "speed", "scratch");
        alone = alone.substring(0, alone.indexOf("---"));

        assertThat(diagnose(alone)).isEmpty();
    }

    @Test
    void doesNotRunOnAClustersState() throws IOException {
        String withStatus = WORKER.formatted("worker", "speed", "scratch")
                .replace("spec: {encryptedData: {token: AgBy3i4OJSWK}}",
                        "spec: {encryptedData: {token: AgBy3i4OJSWK}}\nstatus: {observedGeneration: 1}");
        ClusterSnapshot s = SnapshotInput.read(Files.writeString(dir.resolve("state.yaml"), withStatus));

        assertThat(s.coverage()).isEqualTo(ClusterSnapshot.Coverage.STATE);
        assertThat(new ReferenceAnalyzer().coverage()).containsExactly(ClusterSnapshot.Coverage.MANIFESTS);
        assertThat(Diagnoser.standard().diagnose(s, Set.of(), Set.of()).findings())
                .noneMatch(f -> f.category() == Category.ContainerConfigError || f.category() == Category.Unschedulable);
    }
}
