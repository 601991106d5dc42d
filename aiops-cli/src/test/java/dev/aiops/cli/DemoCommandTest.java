package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The README's main job: the embedded demo cluster diagnosed through the live code path. */
class DemoCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Set<String> findings(String json) {
        Set<String> out = new HashSet<>();
        for (JsonNode f : JSON.readTree(json).path("findings")) {
            JsonNode subject = f.has("owner") ? f.get("owner") : f.get("object");
            out.add(f.path("category").asString() + " " + subject.path("namespace").asString("") + "/"
                    + subject.path("name").asString());
        }
        return out;
    }

    @Test
    void findsEverySeededFaultAndNothingOnTheHealthyWorkloads() {
        CliRun r = CliRun.run("diagnose", "--demo", "-o", "json");

        assertThat(r.exit()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.path("source").path("type").asString()).isEqualTo("demo");
        assertThat(findings(r.out())).contains(
                "CrashLoopBackOff payments/payments-api", "DependencyUnreachable payments/payments-api",
                "OOMKilled search/indexer", "ImagePullError web/frontend", "ContainerConfigError billing/invoice-worker",
                "Unschedulable analytics/spark-driver", "ProbeFailure shop/cart", "ServiceNoEndpoints shop/cart",
                "PVCPending data/data-postgres-0", "ServiceMisconfigured shop/catalog", "JobFailed batch/nightly-report",
                "IngressMisconfigured web/frontend-ingress", "HPAMisconfigured search/indexer-hpa");
        for (JsonNode f : report.path("findings")) {
            String severity = f.path("severity").asString();
            String name = f.path("object").path("name").asString();
            if (name.startsWith("checkout") || name.startsWith("coredns") || name.startsWith("cleanup")
                    || name.startsWith("legacy-admin")) {
                assertThat(severity).as(f.toString()).isIn("low", "info");
            }
        }
    }

    @Test
    void aSnapshotOfTheDemoDiagnosesTheSameFromDisk(@TempDir Path dir) {
        CliRun snap = CliRun.run("snapshot", "--demo", "--output-directory", dir.toString());
        assertThat(snap.exit()).isZero();
        assertThat(snap.out()).startsWith("wrote ");
        assertThat(dir.resolve("nodes.json")).exists();
        assertThat(dir.resolve("payments/pods.json")).exists();

        CliRun fromDump = CliRun.run("diagnose", "--from-dump", dir.toString(), "-o", "json");
        CliRun live = CliRun.run("diagnose", "--demo", "-o", "json");

        assertThat(findings(fromDump.out())).isEqualTo(findings(live.out()));
    }
}
