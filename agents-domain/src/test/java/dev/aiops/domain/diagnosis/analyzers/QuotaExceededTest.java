package dev.aiops.domain.diagnosis.analyzers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.infra.k8s.SnapshotReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A controller whose pods a ResourceQuota rejects, both ways: the quota is used up, or it requires what pods lack. */
class QuotaExceededTest {

    private static Finding quotaFinding(String fixture) {
        try {
            Path file = Path.of(QuotaExceededTest.class.getClassLoader().getResource("warning-reasons/" + fixture).toURI());
            List<Finding> found = Diagnoser.standard().diagnose(SnapshotReader.read(file), Set.of(), Set.of()).findings()
                    .stream().filter(f -> f.category() == Category.QuotaExceeded).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anExhaustedQuotaIsNamedWithTheResourceTheContainerAndTheQuotasStatus() {
        Finding f = quotaFinding("failed-create-quota-exceeded.json");

        assertThat(f.object()).isEqualTo(new ObjectRef("ReplicaSet", "shop", "api-7d9f8c6b5"));
        assertThat(f.owner()).isEqualTo(new ObjectRef("Deployment", "shop", "api"));
        assertThat(f.summary()).contains("ResourceQuota compute-quota is exhausted");
        assertThat(f.rootCause()).isEqualTo("ResourceQuota compute-quota is exhausted: requests.memory: requested 2Gi"
                + " by container api (2Gi), used 9Gi of 10Gi");
        assertThat(f.evidence()).extracting(Evidence::source, Evidence::text).contains(
                org.assertj.core.groups.Tuple.tuple("related", "ResourceQuota compute-quota status: requests.memory used"
                        + " 9Gi of 10Gi"));
        assertThat(f.evidence()).anyMatch(e -> e.source().equals("event") && e.text().startsWith("FailedCreate: ")
                && e.text().endsWith("(x17)"));
        assertThat(f.related()).contains(new ObjectRef("ResourceQuota", "shop", "compute-quota"));
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.remediation().get(0).command()).isEqualTo("kubectl describe resourcequota compute-quota -n shop");
    }

    @Test
    void aQuotaRequiringLimitsThePodsDoNotSetNamesEachResourceAndContainer() {
        Finding f = quotaFinding("failed-create-quota-must-specify.json");

        assertThat(f.object()).isEqualTo(new ObjectRef("Job", "shop", "nightly-export"));
        assertThat(f.summary()).contains("ResourceQuota compute-quota requires limits.cpu, requests.memory");
        assertThat(f.rootCause()).isEqualTo("ResourceQuota compute-quota requires limits.cpu, requests.memory on every"
                + " container, but container export, sidecar sets no limits.cpu; container export, sidecar sets no"
                + " requests.memory");
        assertThat(f.evidence()).anyMatch(e -> e.text().equals("ResourceQuota compute-quota status: limits.cpu used 3"
                + " of 8, requests.memory used 9Gi of 10Gi"));
        assertThat(f.remediation().get(0).command())
                .isEqualTo("kubectl set resources job/nightly-export -n shop --limits=cpu=<amount> --requests=memory=<amount>");
        assertThat(f.remediation().get(0).destructive()).isTrue();
    }

    @Test
    void theOlderMessageWithoutContainersIsReadFromThePodTemplate() {
        QuotaRejection q = QuotaRejection.parse("pods \"x\" is forbidden: failed quota: compute-quota: must specify"
                + " limits.cpu,limits.memory");
        tools.jackson.databind.JsonNode template = tools.jackson.databind.json.JsonMapper.builder().build().readTree("""
                {"spec":{"containers":[{"name":"app","resources":{"limits":{"memory":"1Gi"}}},{"name":"proxy"}]}}""");

        assertThat(q.exhausted()).isFalse();
        assertThat(q.cause(template)).isEqualTo("ResourceQuota compute-quota requires limits.cpu, limits.memory on every"
                + " container, but container app, proxy sets no limits.cpu; container proxy sets no limits.memory");
        assertThat(QuotaRejection.parse("pods \"x\" is forbidden: exceeded quota: q, requested: limits.cpu=2,limits.memory=2Gi,"
                + " used: limits.cpu=3,limits.memory=7Gi, limited: limits.cpu=4,limits.memory=8Gi").resources())
                .containsEntry("limits.cpu", List.of("2", "3", "4")).containsEntry("limits.memory", List.of("2Gi", "7Gi", "8Gi"));
        assertThat(QuotaRejection.parse("serviceaccount \"x\" not found")).isNull();
    }
}
