package dev.aiops.cli;

import static dev.aiops.cli.DumpForms.findings;
import static dev.aiops.cli.DumpForms.report;
import static dev.aiops.cli.DumpForms.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.cli.DumpForms.Seen;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code aiops diagnose --from-dump} on manifests (a folder of YAML and JSON as a GitOps repository holds them, a
 * rendered spec): they get the configuration checks, and the status they do not carry is never reported as a
 * failure.
 */
class ManifestDiagnosisTest {

    private static final Path GITOPS = Path.of("src", "test", "resources", "manifests");
    /** What only a running cluster can show: none of it may come from manifests. */
    private static final Set<String> RUNTIME = Set.of("CrashLoopBackOff", "OOMKilled", "ImagePullError", "ProbeFailure",
            "Evicted", "RolloutStuck", "ServiceNoEndpoints", "NodeUnhealthy", "JobFailed", "PVCPending", "RBACDenied",
            "DependencyUnreachable", "QuotaExceeded");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"web-service", "postgres"})
    void aRenderedSpecGetsNoRuntimeFinding(String spec) {
        Path rendered = dir.resolve(spec);
        CliRun render = CliRun.run("spec", "render", "../examples/specs/" + spec + ".yaml", "--env", "production",
                "-o", rendered.toString());
        assertThat(render.exit()).as(render.err()).isZero();

        JsonNode report = report(CliRun.run("diagnose", "--from-dump", rendered.toString(), "-o", "json"));

        assertThat(report.path("summary").path("objectsScanned").asInt()).isGreaterThan(3);
        assertThat(warnings(report)).isEmpty();
        assertNothingFromStatus(report);
        // the ConfigMaps and Secrets the spec refers to come from elsewhere: the manifests hold none of either kind
        assertThat(report.path("findings")).isEmpty();
    }

    @Test
    void checksTheConfigurationOfAGitOpsFolder() {
        JsonNode report = report(CliRun.run("diagnose", "--from-dump", GITOPS.toString(), "-o", "json"));

        assertNothingFromStatus(report);
        List<Seen> found = findings(report);
        assertThat(found).anySatisfy(f -> {
            assertThat(f.category()).isEqualTo("ServiceMisconfigured");
            assertThat(f.object()).isEqualTo("api");
            assertThat(f.text()).contains("matches no pod template", "Deployment web is labelled app=web, not app=web-api");
        });
        assertThat(found).anySatisfy(f -> {
            assertThat(f.category()).isEqualTo("ServiceMisconfigured");
            assertThat(f.object()).isEqualTo("web");
            assertThat(f.text()).contains("targetPort 9090");
        });
        assertThat(found).anySatisfy(f -> {
            assertThat(f.category()).isEqualTo("ContainerConfigError");
            assertThat(f.object()).isEqualTo("web");
            assertThat(f.text()).contains("ConfigMap web-config has no key flags");
        });
        assertThat(found).anySatisfy(f -> {
            assertThat(f.category()).isEqualTo("StatefulSetMisconfigured");
            assertThat(f.text()).contains("governing Service db does not exist").doesNotContain("replicas ready");
        });
        assertThat(found).extracting(Seen::object).as("the bare Pod, the claim and the CronJob have no status: no finding")
                .doesNotContain("debug", "scratch", "report");
        assertThat(warnings(report)).as("kustomization.yaml and .github are not manifests").isEmpty();
    }

    @Test
    void namesAManifestThatCannotBeReadAndChecksTheRest() throws IOException {
        Path repo = DumpForms.copy(GITOPS, dir.resolve("repo"));
        Files.writeString(repo.resolve("apps/shop/broken.yaml"), "kind: Service\nmetadata: {name: x\n");
        Files.writeString(repo.resolve("apps/shop/notes.yaml"), "owner: team-shop\n");

        JsonNode report = report(CliRun.run("diagnose", "--from-dump", repo.toString(), "-o", "json"));

        assertThat(findings(report)).extracting(Seen::object).contains("api", "web");
        assertThat(warnings(report)).anySatisfy(w -> assertThat(w).startsWith("apps/shop/broken.yaml: not valid YAML"));
        assertThat(warnings(report)).contains("apps/shop/notes.yaml: not Kubernetes JSON/YAML: no 'items' list and no"
                + " 'kind' with 'metadata'");
    }

    @Test
    void readsManifestsOnStandardInput() throws IOException {
        String yaml = Files.readString(GITOPS.resolve("apps/shop/web.yaml"));

        JsonNode report = report(CliRun.withInput(java.util.Map.of(), yaml, "diagnose", "--from-dump", "-", "-o", "json"));

        assertNothingFromStatus(report);
        assertThat(findings(report)).anySatisfy(f -> assertThat(f.text()).contains("targetPort 9090"));
    }

    private static void assertNothingFromStatus(JsonNode report) {
        assertThat(report.path("findings")).allSatisfy(f -> {
            assertThat(f.path("category").asString()).isNotIn(RUNTIME);
            assertThat(f.path("evidence")).as(f.path("summary").asString())
                    .allSatisfy(e -> assertThat(e.path("source").asString()).isIn("spec", "related"));
        });
    }
}
