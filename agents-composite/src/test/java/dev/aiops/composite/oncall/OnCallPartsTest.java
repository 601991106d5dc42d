package dev.aiops.composite.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.infra.exec.Change;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.LiveClusterReader;
import dev.aiops.infra.k8s.LiveReadOptions;
import dev.aiops.infra.k8s.demo.DemoCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The pieces of the on-call agent on their own: grounding, offline answers, rollbacks, patches, settings. */
class OnCallPartsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static ClusterSnapshot demo;
    static DiagnosisReport report;

    @TempDir
    Path dir;

    @BeforeAll
    static void read() {
        try (DemoCluster d = DemoCluster.start()) {
            demo = LiveClusterReader.read(d.client(), LiveReadOptions.defaults());
        }
        report = Diagnoser.standard().diagnose(demo, Set.of(), Set.of());
    }

    @Test
    void groundingMarksOnlyNamesTheClusterDoesNotHave() {
        Grounding g = new Grounding(demo);
        Grounding.Result r = g.check("""
                The pod is crash-looping; pod payments-api-7d9c6b5f4d-q7wzn of Deployment payments/payments-api
                cannot reach `payments-db`, and `orders-db` was never deployed. Service shop/checkouts is new.
                  kubectl logs -n payments payments-api-7d9c6b5f4d-q7wzn --previous
                  kubectl describe pod ghost-pod -n nowhere
                  kubectl create namespace brand-new
                """);
        assertThat(r.unknown()).containsExactly("checkouts", "orders-db", "ghost-pod", "nowhere");
        assertThat(r.text()).contains("`orders-db" + Grounding.MARK + "`")
                .contains("Service shop/checkouts" + Grounding.MARK)
                .contains("kubectl describe pod ghost-pod" + Grounding.MARK + " -n nowhere" + Grounding.MARK)
                .contains("kubectl create namespace brand-new\n").contains("pod is crash-looping")
                .doesNotContain("payments-api" + Grounding.MARK);
        assertThat(g.check("nothing to check here").unknown()).isEmpty();
    }

    @Test
    void offlineAnswersMatchObjectsNamespacesAndProblemWords() {
        Grounding g = new Grounding(demo);
        assertThat(OfflineAnswers.relevant("what's up with search/indexer", report, g))
                .extracting(f -> f.category().name()).contains("OOMKilled", "CrashLoopBackOff");
        assertThat(OfflineAnswers.relevant("any image pull problems?", report, g)).singleElement()
                .satisfies(f -> assertThat(f.subject().name()).isEqualTo("frontend"));
        assertThat(OfflineAnswers.relevant("what is failing?", report, g)).hasSize(6)
                .allSatisfy(f -> assertThat(f.severity().label()).isEqualTo("critical"));
        assertThat(OfflineAnswers.answer("how is the weather", report, g))
                .startsWith("The diagnosis has no finding about that.");
        assertThat(OfflineAnswers.answer("why is payments-worker down", report, g))
                .contains("no object named payments-worker exists in the cluster");
    }

    @Test
    void rollbacksUndoEachKindOfChange() {
        ObjectNode before = (ObjectNode) JSON.readTree("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
                + "\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\",\"resourceVersion\":\"7\",\"labels\":{\"a\":\"1\"}},"
                + "\"spec\":{\"replicas\":2,\"paused\":true},\"status\":{\"replicas\":2}}");
        ObjectNode after = before.deepCopy();
        ((ObjectNode) after.get("spec")).put("replicas", 5).remove("paused");
        ((ObjectNode) after.path("metadata").path("labels")).put("b", "2");
        String undo = Rollbacks.of(new Change("Deployment", "shop", "web", before, after), null);
        assertThat(undo).isEqualTo("kubectl patch deployment web -n shop --type merge -p "
                + "'{\"metadata\":{\"labels\":{\"b\":null}},\"spec\":{\"replicas\":2,\"paused\":true}}'");
        assertThat(Rollbacks.of(new Change("ConfigMap", "shop", "c", null, before), null))
                .isEqualTo("kubectl delete configmap c -n shop");
        assertThat(Rollbacks.of(new Change("Deployment", "shop", "web", before, null), "/tmp/web.yaml"))
                .isEqualTo("kubectl apply -f /tmp/web.yaml");
        assertThat(Rollbacks.of(new Change("Deployment", "shop", "web", before, before.deepCopy()), null))
                .startsWith("# nothing to undo");
        assertThat(Rollbacks.manifest(before).toString()).doesNotContain("resourceVersion").doesNotContain("status");
        assertThat(Rollbacks.quote("it's")).isEqualTo("'it'\\''s'");
    }

    @Test
    void gitopsPatchesCarryOnlyTheChangeAndADeleteDirective() {
        ObjectNode before = (ObjectNode) JSON.readTree("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
                + "\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"},\"spec\":{\"replicas\":2,\"x\":1}}");
        ObjectNode after = before.deepCopy();
        ((ObjectNode) after.get("spec")).put("replicas", 4);
        JsonNode patch = GitOpsPatches.patch(new Change("Deployment", "shop", "web", before, after));
        assertThat(patch).isEqualTo(JSON.readTree("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
                + "\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"},\"spec\":{\"replicas\":4}}"));
        assertThat(GitOpsPatches.patch(new Change("Deployment", "shop", "web", before, null)).path("$patch")
                .asString()).isEqualTo("delete");
    }

    @Test
    void modelFacingResultsAreRedactedAndCut() {
        JsonNode in = JSON.readTree("{\"env\":[{\"name\":\"API_TOKEN\",\"value\":\"s3cr3t-value\"},"
                + "{\"name\":\"MODE\",\"value\":\"fast\"}],\"line\":\"connecting with password=hunter2\"}");
        String out = ModelFacing.redact(in).toString();
        assertThat(out).doesNotContain("s3cr3t-value").doesNotContain("hunter2").contains("fast");
        assertThat(in.toString()).contains("s3cr3t-value");
        JsonNode big = JSON.createObjectNode().put("text", "x".repeat(ModelFacing.MAX_CHARS * 2));
        JsonNode cut = ModelFacing.redact(big);
        assertThat(cut.path("truncated").asBoolean()).isTrue();
        assertThat(cut.toString().length()).isLessThan(ModelFacing.MAX_CHARS + 1_000);
    }

    @Test
    void settingsReadTheOncallSectionAndNameWrongFields() throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                llm: { model: gpt-4o-mini }
                oncall:
                  production: { contexts: [prod-eu], namespaces: [payments, billing] }
                  gitopsDir: ~/gitops
                """);
        ActionPolicy p = OnCallSettings.read(config, Map.of("HOME", "/home/sre"));
        assertThat(p.productionContexts()).containsExactly("prod-eu");
        assertThat(p.productionNamespaces()).containsExactlyInAnyOrder("payments", "billing");
        assertThat(p.gitopsDir()).isEqualTo(Path.of("/home/sre/gitops"));
        assertThat(OnCallSettings.read(dir.resolve("missing.yaml"), Map.of())).isEqualTo(ActionPolicy.defaults());
        Files.writeString(config, "oncall:\n  production: { namespaces: [1] }\n");
        assertThatThrownBy(() -> OnCallSettings.read(config, Map.of()))
                .hasMessageContaining("oncall.production.namespaces[0] must be a name");
        Files.writeString(config, "oncall:\n  prod: {}\n");
        assertThatThrownBy(() -> OnCallSettings.read(config, Map.of()))
                .hasMessageContaining("oncall.prod is not a known field");
        Files.writeString(config, "oncall: [\n");
        assertThatThrownBy(() -> OnCallSettings.read(config, Map.of())).hasMessageContaining("not valid YAML");
    }
}
