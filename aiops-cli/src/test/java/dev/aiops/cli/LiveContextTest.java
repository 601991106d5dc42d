package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.infra.k8s.demo.DemoCluster;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --context} reads a kubeconfig the way kubectl does; here it points at the demo API server. */
class LiveContextTest {

    @AfterEach
    void clear() {
        System.clearProperty("kubeconfig");
    }

    @Test
    void diagnosesTheClusterOfAKubeconfigContext(@TempDir Path dir) throws IOException {
        try (DemoCluster cluster = DemoCluster.start()) {
            Kubeconfigs.pointAt(dir.resolve("config"), cluster.masterUrl(), "staging");

            CliRun r = CliRun.run("diagnose", "--context", "staging", "-n", "web", "-o", "json");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("\"type\" : \"live\"", "\"name\" : \"staging\"", "ImagePullError")
                    .doesNotContain("payments-api");
        }
    }

    @Test
    void withNoSourceOptionDiagnosesTheCurrentContextAsKubectlDoes(@TempDir Path dir) throws IOException {
        try (DemoCluster cluster = DemoCluster.start()) {
            Kubeconfigs.pointAt(dir.resolve("config"), cluster.masterUrl(), "staging");

            CliRun r = CliRun.run("diagnose", "-n", "web", "-o", "json");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("\"type\" : \"live\"", "\"name\" : \"staging\"", "ImagePullError");
        }
    }

    @Test
    void anUnreachableClusterIsAnInputErrorNamingTheProblem(@TempDir Path dir) throws IOException {
        Kubeconfigs.pointAt(dir.resolve("config"), "http://127.0.0.1:1", "gone");

        CliRun r = CliRun.run("diagnose", "--context", "gone");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("aiops diagnose: ").contains("http://127.0.0.1:1/", "cannot reach the API server");
    }
}
