package dev.aiops.domain.diagnosis.analyzers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.infra.k8s.ClusterSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class NetworkPolicyAnalyzerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ObjectNode json(String s) {
        return (ObjectNode) JSON.readTree(s);
    }

    private static List<Finding> analyze(boolean podReady, String... allowPorts) {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("test", "np"));
        b.add(json("""
                {"kind":"Pod","metadata":{"name":"api-1","namespace":"shop","labels":{"app":"api"}},
                 "status":{"phase":"Running","containerStatuses":[{"name":"api","ready":%s,"restartCount":0,
                 "state":{"running":{}}}]}}""".formatted(podReady)));
        b.add(json("""
                {"kind":"NetworkPolicy","metadata":{"name":"default-deny-egress","namespace":"shop"},
                 "spec":{"podSelector":{},"policyTypes":["Egress"]}}"""));
        for (String port : allowPorts) {
            b.add(json("""
                    {"kind":"NetworkPolicy","metadata":{"name":"allow-%s","namespace":"shop"},
                     "spec":{"podSelector":{},"policyTypes":["Egress"],"egress":[{"ports":[{"port":%s}]}]}}"""
                    .formatted(port, port)));
        }
        return new NetworkPolicyAnalyzer().analyze(new ClusterIndex(b.build())).stream()
                .filter(f -> f.category() == Category.NetworkPolicyIssue).toList();
    }

    @Test
    void aDenyAllEgressIsHighWhenItsPodsSufferAndLowWhileTheyAreHealthy() {
        assertThat(analyze(false)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.summary()).contains("default-deny-egress", "DNS included");
        });
        assertThat(analyze(true)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.summary()).contains("default-deny-egress", "DNS included");
        });
    }

    @Test
    void aDenyAllEgressBesideDnsOnlyIsReportedWhenItsPodsSuffer() {
        assertThat(analyze(false, "53")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.rootCause()).contains("allow-53 allows only port 53");
        });
        assertThat(analyze(true, "53")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
    }

    @Test
    void aLockDownThatAllowsTheDependenciesPortsIsNotAProblem() {
        assertThat(analyze(false, "53", "5432")).isEmpty();
    }
}
