package dev.aiops.infra.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.infra.command.CommandReview;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.LiveClusterReader;
import dev.aiops.infra.k8s.LiveReadOptions;
import dev.aiops.infra.k8s.demo.DemoCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Reviewed commands against the demo cluster: what each verb reads, plans and changes. */
class CommandExecutorTest {

    static DemoCluster demo;
    static final AtomicReference<ClusterSnapshot> STATE = new AtomicReference<>();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        demo = DemoCluster.start();
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    static CommandExecutor executor() {
        STATE.set(LiveClusterReader.read(demo.client(), LiveReadOptions.defaults()));
        return CommandExecutor.forCluster(STATE::get, demo.client(), null, CLOCK);
    }

    static Plan plan(String command) {
        return executor().plan(CommandReview.review(command));
    }

    static String read(String command) {
        CommandExecutor e = executor();
        Plan p = e.plan(CommandReview.review(command));
        assertThat(p.refusal()).isNull();
        assertThat(p.route()).isEqualTo(Plan.Route.READ);
        return e.run(p).output();
    }

    static JsonNode live(String kind, String ns, String name) {
        return LiveClusterReader.read(demo.client(), LiveReadOptions.defaults()).get(kind, ns, name);
    }

    @Test
    void getPrintsKubectlsTablesAndFormats() {
        assertThat(read("kubectl get pods -n shop")).startsWith("NAME").contains("READY   STATUS")
                .contains("cart-5d8f6c9b7-lr8tk").contains("0/1");
        assertThat(read("kubectl get deploy -A")).contains("NAMESPACE").contains("payments-api");
        assertThat(read("kubectl get deployment frontend -n web -o yaml")).contains("kind: \"Deployment\"")
                .contains("v2.3.1-typo");
        assertThat(read("kubectl get svc -n shop -o name")).contains("service/cart");
        assertThat(read("kubectl get deployments -n web -o json")).contains("\"kind\" : \"List\"");
        assertThat(read("kubectl get pods -n shop -l app=cart --show-labels")).contains("app=cart")
                .doesNotContain("checkout");
        assertThat(read("kubectl get pods -n nowhere")).isEqualTo("No resources found in nowhere namespace.");
        Outcome missing = executor().run(plan("kubectl get deployment nope -n web"));
        assertThat(missing.succeeded()).isFalse();
        assertThat(missing.output()).contains("deployments.apps \"nope\" not found in namespace web");
    }

    @Test
    void describeLogsEventsAndRolloutsReadTheClusterState() {
        assertThat(read("kubectl describe deployment frontend -n web")).contains("Events:")
                .contains("ScalingReplicaSet");
        assertThat(read("kubectl logs -n payments payments-api-7d9c6b5f4d-q7wzn --previous --tail 2"))
                .contains("fatal could not connect to postgres").hasLineCount(2);
        assertThat(read("kubectl logs deployment/payments-api -n payments")).isNotEmpty();
        assertThat(read("kubectl events -n web --for=pod/frontend-84d5c6f7b9-bw6xn")).contains("ErrImagePull");
        assertThat(read("kubectl rollout status deployment/frontend -n web"))
                .contains("exceeded its progress deadline");
        assertThat(read("kubectl rollout history deployment/frontend -n web")).contains("REVISION");
    }

    @Test
    void aMutationIsPlannedByAServerSideDryRunAndChangesNothingUntilRun() {
        Plan p = plan("kubectl scale deployment legacy-admin -n web --replicas=4");
        assertThat(p.route()).isEqualTo(Plan.Route.API);
        assertThat(p.dryRunBy()).isEqualTo("server");
        assertThat(p.changes()).singleElement().satisfies(c -> {
            assertThat(c.reference()).isEqualTo("Deployment web/legacy-admin");
            assertThat(c.diff()).contains("-  replicas: 0").contains("+  replicas: 4");
        });
        assertThat(live("Deployment", "web", "legacy-admin").path("spec").path("replicas").asInt()).isZero();
        Outcome o = executor().run(p);
        assertThat(o.succeeded()).isTrue();
        assertThat(live("Deployment", "web", "legacy-admin").path("spec").path("replicas").asInt()).isEqualTo(4);
        assertThat(o.applied()).hasSize(1);
    }

    @Test
    void theKubectlVerbsChangeWhatKubectlWouldChange() {
        runOk("kubectl label deployment legacy-admin -n web team=platform");
        runOk("kubectl annotate deployment legacy-admin -n web owner=sre");
        runOk("kubectl set env deployment/legacy-admin -n web LOG_LEVEL=debug");
        runOk("kubectl set resources deployment/legacy-admin -n web -c legacy-admin --limits=memory=256Mi");
        runOk("kubectl patch deployment legacy-admin -n web --type merge -p '{\"spec\":{\"minReadySeconds\":5}}'");
        runOk("kubectl patch deployment legacy-admin -n web --type json -p "
                + "'[{\"op\":\"add\",\"path\":\"/metadata/labels/tier\",\"value\":\"admin\"}]'");
        runOk("kubectl rollout pause deployment/legacy-admin -n web");
        JsonNode d = live("Deployment", "web", "legacy-admin");
        assertThat(d.path("metadata").path("labels").path("team").asString()).isEqualTo("platform");
        assertThat(d.path("metadata").path("labels").path("tier").asString()).isEqualTo("admin");
        assertThat(d.path("metadata").path("annotations").path("owner").asString()).isEqualTo("sre");
        JsonNode c = d.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(c.path("env").toString()).contains("LOG_LEVEL").contains("debug");
        assertThat(c.path("resources").path("limits").path("memory").asString()).isEqualTo("256Mi");
        assertThat(d.path("spec").path("minReadySeconds").asInt()).isEqualTo(5);
        assertThat(d.path("spec").path("paused").asBoolean()).isTrue();
        runOk("kubectl rollout resume deployment/legacy-admin -n web");

        Plan clash = plan("kubectl label deployment legacy-admin -n web team=other");
        assertThat(clash.refusal()).contains("'team' already has a value (platform), and --overwrite is false");
    }

    @Test
    void createsAndDeletesWithASelectorAndCordon() throws Exception {
        runOk("kubectl create configmap extra -n web --from-literal=mode=fast");
        assertThat(live("ConfigMap", "web", "extra").path("data").path("mode").asString()).isEqualTo("fast");
        Plan secret = plan("kubectl create secret generic creds -n web --from-literal=password=hunter2");
        assertThat(secret.changes().get(0).diff()).doesNotContain("aHVudGVyMg").contains("[REDACTED]");
        runOk("kubectl delete configmap extra -n web");
        assertThat(live("ConfigMap", "web", "extra")).isNull();
        Path manifest = dir.resolve("cm.yaml");
        Files.writeString(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: web\n"
                + "data:\n  a: \"1\"\n");
        runOk("kubectl apply -f " + manifest);
        assertThat(live("ConfigMap", "web", "applied").path("data").path("a").asString()).isEqualTo("1");
        String node = STATE.get().objects("Node").get(0).path("metadata").path("name").asString();
        runOk("kubectl cordon " + node);
        assertThat(live("Node", null, node).path("spec").path("unschedulable").asBoolean()).isTrue();
        runOk("kubectl uncordon " + node);
        assertThat(plan("kubectl delete pods -n web").refusal()).contains("name the object to delete");
    }

    @Test
    void aDryRunFlagShowsTheChangeAndMakesNone() {
        CommandExecutor e = executor();
        Plan p = e.plan(CommandReview.review("kubectl scale deployment legacy-admin -n web --replicas=7"
                + " --dry-run=server"));
        assertThat(p.route()).isEqualTo(Plan.Route.READ);
        assertThat(e.run(p).output()).contains("+  replicas: 7").contains("(dry run: nothing was changed)");
        assertThat(live("Deployment", "web", "legacy-admin").path("spec").path("replicas").asInt()).isNotEqualTo(7);
    }

    @Test
    void whatCannotRunHereIsRefusedWithTheReason() {
        assertThat(plan("kubectl get pods | wc -l").refusal()).contains("aiops never runs a shell");
        assertThat(plan("kubectl top pods -n web").refusal()).contains("the demo cluster has no kubectl");
        assertThat(plan("kubectl set image deployment/frontend -n web frontend=<registry>/<image>:<tag>").refusal())
                .isNotNull();
        CommandExecutor snapshot = CommandExecutor.forSnapshot(
                () -> LiveClusterReader.read(demo.client(), LiveReadOptions.defaults()), CLOCK);
        assertThat(snapshot.plan(CommandReview.review("kubectl delete pod x -n web")).refusal())
                .contains("a snapshot on disk");
        assertThat(snapshot.plan(CommandReview.review("kubectl exec -n web x -- sh")).refusal())
                .contains("a snapshot on disk cannot run it");
    }

    private static void runOk(String command) {
        CommandExecutor e = executor();
        Plan p = e.plan(CommandReview.review(command));
        assertThat(p.refusal()).as(command).isNull();
        Outcome o = e.run(p);
        assertThat(o.succeeded()).as(command + ": " + o.output()).isTrue();
    }
}
