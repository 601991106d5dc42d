package dev.aiops.composite.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.composite.scaling.crd.ScalingPolicy;
import dev.aiops.composite.scaling.crd.ScalingPolicySpec;
import dev.aiops.core.audit.AuditLog;
import dev.aiops.domain.scaling.AdvisorSettings;
import dev.aiops.infra.k8s.demo.DemoCluster;
import dev.aiops.infra.metrics.PrometheusSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator against the embedded demo cluster (fabric8's mock API server in CRUD mode with simulated
 * controllers and metrics-server readings). In the shop namespace, metrics-server reads catalog a little above its
 * requests (a change within the default bounds) and checkout and cart-redis far above them (outside the bounds).
 */
class ScalingOperatorTest {

    private static final String NS = "aiops-system";

    @TempDir
    Path dir;
    private DemoCluster demo;
    private KubernetesClient client;
    private AuditLog audit;

    @BeforeEach
    void start() {
        demo = DemoCluster.start();
        client = demo.client();
        audit = AuditLog.appendingTo(dir.resolve("audit.jsonl"));
    }

    @AfterEach
    void stop() {
        audit.close();
        demo.close();
    }

    private ScalingOperator operator(OperatorSettings settings) {
        return new ScalingOperator(client, settings, audit, Clock.systemUTC());
    }

    private ScalingOperator operator() {
        return operator(OperatorSettings.defaults(NS, "operator-0").withPort(-1));
    }

    private void policy(Consumer<ScalingPolicySpec> spec) {
        client.resource(ShopPolicy.of(spec)).create();
    }

    private Map<String, Quantity> requests(String deployment) {
        Deployment d = client.apps().deployments().inNamespace("shop").withName(deployment).get();
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests();
    }

    private Decision decision(List<Decision> all, String workload) {
        return all.stream().filter(d -> d.workload().name().equals(workload)).findFirst()
                .orElseThrow(() -> new AssertionError(workload + " not decided: " + all));
    }

    private List<String> writes() {
        return demo.dispatcher().requests().stream()
                .filter(r -> (r.startsWith("PATCH") || r.startsWith("PUT")) && r.contains("/deployments/")).toList();
    }

    @Test
    void recommendModeDecidesAndChangesNothing() throws Exception {
        policy(s -> s.mode = ScalingPolicySpec.Mode.RECOMMEND);
        Map<String, Quantity> before = requests("catalog");

        List<Decision> decisions = operator().reconcileAll();

        assertThat(decision(decisions, "catalog").outcome()).isEqualTo(Decision.Outcome.RECOMMENDED);
        assertThat(requests("catalog")).isEqualTo(before);
        assertThat(writes()).isEmpty();
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("scaling.operate", "recommended");
        GenericKubernetesResource stored = new Policies(client).api().inNamespace(NS).withName("shop").get();
        assertThat(stored.toString()).contains("recommended", "Reconciled");
    }

    @Test
    void dryRunModeSendsOnlyDryRunPatches() {
        policy(s -> s.mode = ScalingPolicySpec.Mode.DRY_RUN);
        Map<String, Quantity> before = requests("catalog");

        List<Decision> decisions = operator().reconcileAll();

        assertThat(decision(decisions, "catalog").outcome()).isEqualTo(Decision.Outcome.DRY_RUN);
        assertThat(writes()).isNotEmpty().allSatisfy(w -> assertThat(w).contains("dryRun=All"));
        assertThat(requests("catalog")).isEqualTo(before);
    }

    @Test
    void applyModePatchesWithinBoundsAuditsAndNotifiesAndAsksApprovalOutside() throws Exception {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", x -> {
            events.add(new String(x.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            x.sendResponseHeaders(202, -1);
            x.close();
        });
        receiver.start();
        policy(s -> {
            s.mode = ScalingPolicySpec.Mode.APPLY;
            ScalingPolicySpec.Sink hook = new ScalingPolicySpec.Sink();
            hook.type = "cloudevents";
            hook.url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/events";
            s.notify = List.of(hook);
        });
        Map<String, Quantity> checkoutBefore = requests("checkout");

        List<Decision> decisions = operator().reconcileAll();

        Decision catalog = decision(decisions, "catalog");
        assertThat(catalog.outcome()).as(catalog.reason()).isEqualTo(Decision.Outcome.APPLIED);
        assertThat(requests("catalog").get("memory").toString()).isEqualTo("348Mi");
        assertThat(client.apps().deployments().inNamespace("shop").withName("catalog").get().getMetadata()
                .getAnnotations()).containsKey(WorkloadPatcher.LAST_SCALED);
        Decision checkout = decision(decisions, "checkout");
        assertThat(checkout.outcome()).isEqualTo(Decision.Outcome.PENDING_APPROVAL);
        assertThat(checkout.reason()).contains("memory x2.16 is more than maxUp x2.00");
        assertThat(requests("checkout")).isEqualTo(checkoutBefore);
        assertThat(new Approvals(client, NS).all()).containsKey(checkout.id());
        String log = Files.readString(dir.resolve("audit.jsonl"));
        assertThat(log).contains("\"applied\"", "pending-approval", checkout.id());
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        while (events.isEmpty() && java.time.Instant.now().isBefore(deadline)) Thread.sleep(50);
        receiver.stop(0);
        assertThat(events).singleElement().satisfies(e -> assertThat(e)
                .contains("dev.aiops.scaling.applied", "Resized Deployment shop/catalog catalog"));

        new Approvals(client, NS).approve(checkout.id(), "jane");
        List<Decision> again = operator().reconcileAll();

        assertThat(decision(again, "checkout").outcome()).isEqualTo(Decision.Outcome.APPLIED);
        assertThat(requests("checkout").get("memory").toString()).isEqualTo("552Mi");
        assertThat(new Approvals(client, NS).all()).doesNotContainKey(checkout.id());
        // catalog was changed a moment ago: the cooldown keeps it as it is
        assertThat(decision(again, "catalog").outcome()).isIn(Decision.Outcome.SKIPPED, Decision.Outcome.UNCHANGED);
    }

    @Test
    void anAnnotationOnTheWorkloadApprovesToo() {
        policy(s -> s.mode = ScalingPolicySpec.Mode.APPLY);
        String id = decision(operator().reconcileAll(), "checkout").id();

        client.apps().deployments().inNamespace("shop").withName("checkout")
                .edit(d -> {
                    d.getMetadata().getAnnotations().put(Approvals.ANNOTATION, id);
                    return d;
                });

        assertThat(decision(operator().reconcileAll(), "checkout").outcome()).isEqualTo(Decision.Outcome.APPLIED);
    }

    @Test
    void applyOutsideTheAllowedNamespacesIsRefused() {
        policy(s -> {
            s.mode = ScalingPolicySpec.Mode.APPLY;
            s.applyNamespaces = List.of("staging");
        });

        List<Decision> decisions = operator().reconcileAll();

        assertThat(decision(decisions, "catalog").outcome()).isEqualTo(Decision.Outcome.REFUSED);
        assertThat(writes()).isEmpty();
    }

    @Test
    void theKillSwitchStopsEverything() {
        policy(s -> {
            s.mode = ScalingPolicySpec.Mode.APPLY;
            s.paused = true;
        });

        List<Decision> decisions = operator().reconcileAll();

        assertThat(decisions).isEmpty();
        assertThat(writes()).isEmpty();
        assertThat(new Policies(client).api().inNamespace(NS).withName("shop").get().toString()).contains("Paused");
    }

    @Test
    void anAdvisorFailureLeavesWorkloadsUntouched() {
        policy(s -> s.mode = ScalingPolicySpec.Mode.APPLY);
        OperatorSettings unreachable = OperatorSettings.defaults(NS, "operator-0").withPort(-1)
                .withPrometheus(PrometheusSettings.of(URI.create("http://127.0.0.1:1")).withRetries(1,
                        java.time.Duration.ofMillis(10)));

        List<Decision> decisions = operator(unreachable).reconcileAll();

        assertThat(decisions).isNotEmpty().allSatisfy(d -> assertThat(d.outcome()).isIn(Decision.Outcome.SKIPPED,
                Decision.Outcome.FAILED));
        assertThat(decision(decisions, "catalog").reason()).contains("metrics could not be read");
        assertThat(writes()).isEmpty();
    }

    @Test
    void aPolicyWithInvalidFieldsIsReportedInItsStatusWithTheField() {
        GenericKubernetesResource bad = new GenericKubernetesResource();
        bad.setApiVersion(ScalingPolicy.GROUP + "/" + ScalingPolicy.VERSION);
        bad.setKind("ScalingPolicy");
        bad.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("bad").withNamespace(NS)
                .build());
        bad.setAdditionalProperty("spec", Map.of("targets", List.of(Map.of("namespace", "Shop_1")),
                "mode", "yolo", "bounds", Map.of("maxUp", 0.5)));
        new Policies(client).api().inNamespace(NS).resource(bad).create();
        policy(s -> s.mode = ScalingPolicySpec.Mode.RECOMMEND);

        List<Decision> decisions = operator().reconcileAll();

        String status = new Policies(client).api().inNamespace(NS).withName("bad").get().toString();
        assertThat(status).contains("InvalidSpec", "spec.mode");
        // the valid policy next to it still runs
        assertThat(decisions).isNotEmpty();
    }

    @Test
    void invalidValuesOfTheRightTypeAreNamedByField() {
        policy(s -> {
            s.targets.get(0).namespace = "Shop_1";
            s.bounds.maxUp = 0.5;
            s.window = "two weeks";
        });

        operator().reconcileAll();

        String status = new Policies(client).api().inNamespace(NS).withName("shop").get().toString();
        assertThat(status).contains("spec.targets[0].namespace", "spec.bounds.maxUp", "spec.window");
    }
}
