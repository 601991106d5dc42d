package dev.aiops.domain.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.infra.k8s.ClusterSnapshot;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class AnalyzerFailureTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ObjectNode object(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void anAnalyzerThatTripsOverAValueCostsOnlyItsFindingsAndTheReportSaysSo() {
        // a source that does not check types (unlike SnapshotReader) can hand over a selector value that is an array
        ClusterSnapshot snapshot = ClusterSnapshot.builder(new ClusterSnapshot.Source("live", "test"))
                .add(object("""
                        {"kind":"Pod","metadata":{"name":"web-1","namespace":"shop"},
                         "spec":{"containers":[{"name":"web","image":"web:1"}]},
                         "status":{"phase":"Running","containerStatuses":[{"name":"web","ready":false,"restartCount":7,
                           "state":{"waiting":{"reason":"CrashLoopBackOff"}},
                           "lastState":{"terminated":{"exitCode":1,"reason":"Error"}}}]}}"""))
                .add(object("""
                        {"kind":"Service","metadata":{"name":"web","namespace":"shop"},
                         "spec":{"selector":{"app":["web"]},"ports":[{"port":80}]}}"""))
                .build();

        DiagnosisReport report = Diagnoser.standard().diagnose(snapshot, Set.of(), Set.of());

        assertThat(report.findings()).extracting(Finding::category).contains(Category.CrashLoopBackOff);
        assertThat(report.warnings()).singleElement().asString()
                .startsWith("analyzer services stopped on input it could not read (")
                .endsWith("); its findings are missing from this report");
    }
}
