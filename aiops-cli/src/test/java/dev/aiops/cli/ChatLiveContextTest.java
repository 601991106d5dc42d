package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.infra.k8s.demo.DemoCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** aiops chat on a kubeconfig context (the demo API server behind it): fixes, and production through Git. */
class ChatLiveContextTest {

    @TempDir
    Path home;

    @AfterEach
    void clear() {
        System.clearProperty("kubeconfig");
    }

    private Map<String, String> env(DemoCluster cluster) throws IOException {
        Kubeconfigs.pointAt(home.resolve("kubeconfig"), cluster.masterUrl(), "prod-eu");
        return Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString(),
                "XDG_CONFIG_HOME", home.resolve("config").toString());
    }

    @Test
    void anApprovedFixOnALiveContextChangesTheClusterAndIsRecorded() throws Exception {
        try (DemoCluster cluster = DemoCluster.start()) {
            CliRun r = CliRun.withInput(env(cluster), "/fix rolloutstuck-4d0d2db5f554\ny\n/diagnose web\n/exit\n",
                    "chat", "--context", "prod-eu");

            assertThat(r.exit()).as(r.err()).isZero();
            String afterFix = r.out().substring(r.out().indexOf("> /diagnose web"));
            assertThat(afterFix).doesNotContain("ImagePullError").doesNotContain("RolloutStuck  Deployment frontend");
            assertThat(r.out()).contains("deployments.apps/frontend changed").contains("rollback: kubectl patch");
            Path drafts = home.resolve("state/aiops/runbooks/drafts");
            try (var files = Files.list(drafts)) {
                assertThat(files.filter(p -> p.toString().endsWith(".md")).findFirst().map(p -> {
                    try {
                        return Files.readString(p);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).orElseThrow()).contains("cluster: \"live prod-eu\"").contains("kubectl rollout undo");
            }
        }
    }

    @Test
    void aProductionContextGetsAPatchForGitOpsInsteadOfAChange() throws Exception {
        try (DemoCluster cluster = DemoCluster.start()) {
            Map<String, String> env = env(cluster);
            Path gitops = home.resolve("gitops");
            Files.createDirectories(home.resolve("config/aiops"));
            Files.writeString(home.resolve("config/aiops/config.yaml"), """
                    oncall:
                      production: { contexts: [prod-eu] }
                      gitopsDir: %s
                    notifications:
                      sinks: [ { type: stdout } ]
                    """.formatted(gitops));

            CliRun r = CliRun.withInput(env, "/fix rolloutstuck-4d0d2db5f554\n/diagnose web\n/exit\n",
                    "chat", "--context", "prod-eu");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("the target is production").contains("commit it for Argo CD or Flux")
                    .doesNotContain("Run it? [y/N]")
                    .contains("[notify] info aiops wrote a production change for review");
            assertThat(r.out().substring(r.out().indexOf("> /diagnose web"))).contains("ImagePullError");
            assertThat(Files.readString(gitops.resolve("web-deployment-frontend.patch.yaml")))
                    .contains("image: \"registry.example.com/web/frontend:v2.3.0\"");
        }
    }
}
