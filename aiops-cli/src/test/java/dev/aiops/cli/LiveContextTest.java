package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.infra.k8s.demo.DemoCluster;
import java.io.IOException;
import java.nio.file.Files;
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
            Path kubeconfig = dir.resolve("config");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: demo
                      cluster: {server: "%s"}
                    users:
                    - name: viewer
                      user: {token: not-a-real-token}
                    contexts:
                    - name: staging
                      context: {cluster: demo, user: viewer, namespace: default}
                    current-context: staging
                    """.formatted(cluster.masterUrl()));
            System.setProperty("kubeconfig", kubeconfig.toString());

            CliRun r = CliRun.run("diagnose", "--context", "staging", "-n", "web", "-o", "json");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("\"type\" : \"live\"", "\"name\" : \"staging\"", "ImagePullError")
                    .doesNotContain("payments-api");
        }
    }

    @Test
    void anUnreachableClusterIsAnInputErrorNamingTheProblem(@TempDir Path dir) throws IOException {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: gone
                  cluster: {server: "http://127.0.0.1:1"}
                users:
                - name: u
                  user: {token: t}
                contexts:
                - name: gone
                  context: {cluster: gone, user: u}
                current-context: gone
                """);
        System.setProperty("kubeconfig", kubeconfig.toString());

        CliRun r = CliRun.run("diagnose", "--context", "gone");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("aiops diagnose: ").contains("http://127.0.0.1:1/", "cannot reach the API server");
    }
}
