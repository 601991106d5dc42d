package dev.aiops.composite.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.composite.scaling.crd.ScalingPolicy;
import dev.aiops.composite.scaling.crd.ScalingPolicySpec;
import dev.aiops.core.audit.AuditLog;
import dev.aiops.infra.k8s.demo.DemoCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two operator instances on one demo cluster: only the holder of the Lease acts, and the other takes over. */
class OperatorElectionTest {

    private static final String NS = "aiops-system";
    private static final Duration LEASE = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    private DemoCluster demo;

    @BeforeEach
    void start() {
        demo = DemoCluster.start();
        ScalingPolicy p = ShopPolicy.of(s -> {
            s.mode = ScalingPolicySpec.Mode.RECOMMEND;
            s.interval = "1s";
        });
        demo.client().resource(p).create();
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    private OperatorSettings settings(String identity) {
        return OperatorSettings.defaults(NS, identity).withElection(LEASE, Duration.ofMillis(1500),
                Duration.ofMillis(250)).withTick(Duration.ofMillis(200)).withPort(0);
    }

    private static void await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError(what + " within " + within);
            Thread.sleep(50);
        }
    }

    private static long lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    @Test
    void onlyTheLeaderActsAndTheFollowerTakesOverWithinTheLease() throws Exception {
        Path auditA = dir.resolve("a.jsonl");
        Path auditB = dir.resolve("b.jsonl");
        try (AuditLog logA = AuditLog.appendingTo(auditA); AuditLog logB = AuditLog.appendingTo(auditB);
             ScalingOperator a = new ScalingOperator(demo.client(), settings("operator-a"), logA, Clock.systemUTC())) {
            a.start();
            await(a::isLeader, Duration.ofSeconds(10), "the first instance leads");
            ScalingOperator b = new ScalingOperator(demo.client(), settings("operator-b"), logB, Clock.systemUTC());
            try {
                b.start();
                await(() -> {
                    try {
                        return lines(auditA) > 0;
                    } catch (Exception e) {
                        return false;
                    }
                }, Duration.ofSeconds(10), "the leader decides");
                Thread.sleep(LEASE.toMillis());
                assertThat(b.isLeader()).isFalse();
                assertThat(lines(auditB)).as("the follower decided nothing").isZero();

                Instant stopped = Instant.now();
                a.close();
                await(b::isLeader, LEASE.plus(Duration.ofSeconds(2)), "the follower takes over");
                assertThat(Duration.between(stopped, Instant.now())).isLessThanOrEqualTo(LEASE.plusSeconds(2));
                await(() -> {
                    try {
                        return lines(auditB) > 0;
                    } catch (Exception e) {
                        return false;
                    }
                }, Duration.ofSeconds(10), "the new leader decides");
                assertThat(demo.client().leases().inNamespace(NS).withName("aiops-scaling-operator").get().getSpec()
                        .getHolderIdentity()).isEqualTo("operator-b");
                assertThat(get(b, "/metrics")).contains("aiops_scaling_leader 1.0",
                        "aiops_scaling_decisions_total{outcome=\"recommended\"}");
                assertThat(get(b, "/healthz")).isEqualTo("ok\n");
                assertThat(get(b, "/readyz")).isEqualTo("ok\n");
            } finally {
                b.close();
            }
        }
    }

    private static String get(ScalingOperator o, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + o.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    @Test
    void aPolicyReconcileIsTriggeredByTheInformersWithoutWaitingForTheInterval() throws Exception {
        ScalingPolicy p = demo.client().resources(ScalingPolicy.class).inNamespace(NS).withName("shop").get();
        p.getSpec().interval = "1h";
        demo.client().resource(p).update();
        Path audit = dir.resolve("c.jsonl");
        try (AuditLog log = AuditLog.appendingTo(audit);
             ScalingOperator o = new ScalingOperator(demo.client(), settings("operator-c"), log, Clock.systemUTC())) {
            o.start();
            // the status is written when a reconcile is over
            await(() -> String.valueOf(new Policies(demo.client()).api().inNamespace(NS).withName("shop").get()
                    .getAdditionalProperties().get("status")).contains("Reconciled"), Duration.ofSeconds(10),
                    "the first reconcile");
            long first = lines(audit);
            Thread.sleep(600);
            assertThat(lines(audit)).as("nothing is due for an hour").isEqualTo(first);

            demo.client().apps().deployments().inNamespace("shop").withName("catalog").edit(d -> {
                d.getSpec().setReplicas(d.getSpec().getReplicas() + 1);
                return d;
            });

            await(() -> {
                try {
                    return lines(audit) > first;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(10), "a reconcile after the workload changed");
            assertThat(List.of(o.isLeader())).containsExactly(true);
        }
    }
}
