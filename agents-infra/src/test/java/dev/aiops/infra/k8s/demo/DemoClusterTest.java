package dev.aiops.infra.k8s.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import dev.aiops.infra.k8s.LiveClusterReader;
import dev.aiops.infra.k8s.LogRedactor;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DemoClusterTest {

    private static DemoCluster demo;
    private static ClusterSnapshot snapshot;
    private static List<String> socketsDuringRead;

    @BeforeAll
    static void startAndRead() throws IOException {
        long t0 = System.nanoTime();
        demo = DemoCluster.start();
        long t1 = System.nanoTime();
        snapshot = LiveClusterReader.read(demo.client());
        long t2 = System.nanoTime();
        socketsDuringRead = Sockets.ofThisProcess();
        System.out.printf("DemoCluster.start() %d ms, LiveClusterReader.read %d ms (%d objects, %d requests)%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, snapshot.objectCount(),
                demo.dispatcher().requests().size());
    }

    @AfterAll
    static void stop() {
        if (demo != null) demo.close();
    }

    private static JsonNode get(String kind, String namespace, String name) {
        JsonNode o = snapshot.get(kind, namespace, name);
        assertThat(o).as(kind + " " + namespace + "/" + name).isNotNull();
        return o;
    }

    private static JsonNode onlyContainerStatus(JsonNode pod) {
        assertThat(pod.path("status").path("containerStatuses").size()).isEqualTo(1);
        return pod.path("status").path("containerStatuses").get(0);
    }

    private static List<JsonNode> podsOf(String namespace, String labelKey, String labelValue) {
        return snapshot.objects("Pod", namespace).stream()
                .filter(p -> labelValue.equals(K8s.label(p, labelKey))).toList();
    }

    private static List<String> eventMessages(String namespace, String name, String reason) {
        return snapshot.objects("Event", namespace).stream()
                .filter(e -> name.equals(K8s.text(e.path("involvedObject").get("name"))))
                .filter(e -> reason.equals(K8s.text(e.get("reason"))))
                .map(e -> K8s.text(e.get("message"))).toList();
    }

    @Test
    void isReadWholeWithoutWarningsUnderTheDemoContext() {
        assertThat(snapshot.source()).isEqualTo(new ClusterSnapshot.Source("live", DemoCluster.CONTEXT));
        assertThat(snapshot.warnings()).isEmpty();
        assertThat(snapshot.objects("Node")).hasSize(3);
        assertThat(snapshot.namespaces()).contains("payments", "search", "web", "billing", "analytics", "shop",
                "data", "batch", "kube-system", "default");
        assertThat(snapshot.kinds()).contains("Node", "Namespace", "Pod", "Event", "Deployment", "ReplicaSet",
                "StatefulSet", "DaemonSet", "Job", "CronJob", "Service", "Endpoints", "Ingress", "IngressClass",
                "ConfigMap", "Secret", "PersistentVolumeClaim", "PersistentVolume", "StorageClass",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "ResourceQuota", "LimitRange",
                "ServiceAccount", "Role", "RoleBinding");
        for (JsonNode node : snapshot.objects("Node")) {
            assertThat(node.path("status").path("allocatable").path("cpu").asString()).isEqualTo("3860m");
            assertThat(node.path("status").path("capacity").path("memory").asString()).endsWith("Ki");
            assertThat(K8s.list(node.path("status").get("conditions"))).anySatisfy(c -> {
                assertThat(c.path("type").asString()).isEqualTo("Ready");
                assertThat(c.path("status").asString()).isEqualTo("True");
            });
        }
    }

    @Test
    void crashLoopingPaymentsApiWithItsLogsAndADatabaseServiceWithoutEndpoints() {
        List<JsonNode> pods = podsOf("payments", "app", "payments-api");
        assertThat(pods).hasSize(2);
        JsonNode pod = get("Pod", "payments", "payments-api-7d9c6b5f4d-x2k8p");
        JsonNode cs = onlyContainerStatus(pod);
        assertThat(cs.path("state").path("waiting").path("reason").asString()).isEqualTo("CrashLoopBackOff");
        assertThat(cs.path("lastState").path("terminated").path("exitCode").asInt()).isEqualTo(1);
        assertThat(cs.path("restartCount").asInt()).isEqualTo(7);
        assertThat(eventMessages("payments", "payments-api-7d9c6b5f4d-x2k8p", "BackOff")).singleElement().asString()
                .startsWith("Back-off restarting failed container payments-api in pod payments-api-7d9c6b5f4d-x2k8p");

        Map<String, List<String>> logs = snapshot.logs("payments", "payments-api-7d9c6b5f4d-x2k8p");
        assertThat(logs).containsOnlyKeys("payments-api", "payments-api (previous)");
        for (List<String> lines : logs.values()) {
            assertThat(lines.get(lines.size() - 2)).endsWith("Error: connect ECONNREFUSED 10.0.12.4:5432");
            assertThat(lines.get(lines.size() - 1))
                    .endsWith("could not connect to postgres at payments-db:5432: connection refused");
            // the Stripe key from the payments-api-secrets Secret is masked by value
            assertThat(String.join("\n", lines)).doesNotContain("rk_live_").contains("account key " + LogRedactor.MASK);
        }
        assertThat(snapshot.logs("payments", "payments-api-7d9c6b5f4d-q7wzn")).containsKey("payments-api (previous)");

        JsonNode db = get("Service", "payments", "payments-db");
        assertThat(db.path("spec").path("selector").path("app").asString()).isEqualTo("payments-db");
        assertThat(db.path("spec").path("clusterIP").asString()).isEqualTo("10.0.12.4");
        assertThat(podsOf("payments", "app", "payments-db")).isEmpty();
        assertThat(get("Endpoints", "payments", "payments-db").has("subsets")).isFalse();
        assertThat(get("Secret", "payments", "payments-api-secrets").path("data").path("stripe-key").asString())
                .isEqualTo(LogRedactor.MASK);
    }

    @Test
    void oomKilledIndexerAndAnHpaOnADeploymentThatDoesNotExist() {
        JsonNode pod = podsOf("search", "app", "indexer").get(0);
        JsonNode cs = onlyContainerStatus(pod);
        assertThat(cs.path("lastState").path("terminated").path("reason").asString()).isEqualTo("OOMKilled");
        assertThat(cs.path("lastState").path("terminated").path("exitCode").asInt()).isEqualTo(137);
        assertThat(cs.path("restartCount").asInt()).isEqualTo(4);
        assertThat(cs.path("state").path("waiting").path("reason").asString()).isEqualTo("CrashLoopBackOff");
        assertThat(pod.path("spec").path("containers").get(0).path("resources").path("limits").path("memory")
                .asString()).isEqualTo("256Mi");
        assertThat(snapshot.logs("search", K8s.name(pod))).containsOnlyKeys("indexer", "indexer (previous)");

        JsonNode hpa = get("HorizontalPodAutoscaler", "search", "indexer-hpa");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asString()).isEqualTo("indexer-v2");
        assertThat(snapshot.get("Deployment", "search", "indexer-v2")).isNull();
        assertThat(eventMessages("search", "indexer-hpa", "FailedGetScale"))
                .containsExactly("deployments/scale.apps \"indexer-v2\" not found");
    }

    @Test
    void frontendImagePullBackOffAndAnIngressToAServiceThatDoesNotExist() {
        JsonNode pod = get("Pod", "web", "frontend-84d5c6f7b9-bw6xn");
        JsonNode cs = onlyContainerStatus(pod);
        assertThat(cs.path("state").path("waiting").path("reason").asString()).isEqualTo("ImagePullBackOff");
        assertThat(pod.path("spec").path("containers").get(0).path("image").asString())
                .isEqualTo("registry.example.com/web/frontend:v2.3.1-typo");
        assertThat(eventMessages("web", "frontend-84d5c6f7b9-bw6xn", "Failed")).anySatisfy(m -> assertThat(m)
                .startsWith("Failed to pull image \"registry.example.com/web/frontend:v2.3.1-typo\": rpc error: "
                        + "code = NotFound desc = failed to pull and unpack image")
                .endsWith(": not found"));
        assertThat(snapshot.logs("web", "frontend-84d5c6f7b9-bw6xn")).isEmpty();
        // the previous ReplicaSet keeps serving
        assertThat(get("Endpoints", "web", "frontend").path("subsets").get(0).path("addresses").size()).isEqualTo(2);

        JsonNode ingress = get("Ingress", "web", "frontend-ingress");
        assertThat(ingress.path("spec").path("rules").get(0).path("http").path("paths").get(0).path("backend")
                .path("service").path("name").asString()).isEqualTo("frontend-svc");
        assertThat(snapshot.get("Service", "web", "frontend-svc")).isNull();
        assertThat(snapshot.get("Service", "web", "frontend")).isNotNull();
    }

    @Test
    void invoiceWorkerCannotStartWithoutItsSecret() {
        JsonNode pod = podsOf("billing", "app", "invoice-worker").get(0);
        JsonNode cs = onlyContainerStatus(pod);
        assertThat(cs.path("state").path("waiting").path("reason").asString()).isEqualTo("CreateContainerConfigError");
        assertThat(cs.path("state").path("waiting").path("message").asString())
                .isEqualTo("secret \"billing-db-credentials\" not found");
        assertThat(K8s.list(pod.path("spec").path("containers").get(0).get("env"))).anySatisfy(e -> {
            assertThat(e.path("name").asString()).isEqualTo("DB_PASSWORD");
            assertThat(e.path("valueFrom").path("secretKeyRef").path("name").asString())
                    .isEqualTo("billing-db-credentials");
        });
        assertThat(snapshot.get("Secret", "billing", "billing-db-credentials")).isNull();
        assertThat(snapshot.objects("Secret", "billing")).isNotEmpty();
    }

    @Test
    void sparkDriverIsUnschedulableOnCpu() {
        JsonNode pod = get("Pod", "analytics", "spark-driver");
        assertThat(pod.path("status").path("phase").asString()).isEqualTo("Pending");
        JsonNode scheduled = pod.path("status").path("conditions").get(0);
        assertThat(scheduled.path("type").asString()).isEqualTo("PodScheduled");
        assertThat(scheduled.path("status").asString()).isEqualTo("False");
        assertThat(scheduled.path("reason").asString()).isEqualTo("Unschedulable");
        assertThat(pod.path("spec").path("containers").get(0).path("resources").path("requests").path("cpu")
                .asString()).isEqualTo("16");
        assertThat(eventMessages("analytics", "spark-driver", "FailedScheduling")).containsExactly(
                "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption"
                        + " victims found for incoming pod.");
    }

    @Test
    void cartProbesTheWrongPortAndItsServiceHasOnlyNotReadyAddresses() {
        List<JsonNode> pods = podsOf("shop", "app", "cart");
        assertThat(pods).hasSize(2);
        for (JsonNode pod : pods) {
            JsonNode c = pod.path("spec").path("containers").get(0);
            assertThat(c.path("readinessProbe").path("httpGet").path("port").asInt()).isEqualTo(8081);
            assertThat(c.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
            assertThat(pod.path("status").path("phase").asString()).isEqualTo("Running");
            assertThat(onlyContainerStatus(pod).path("ready").asBoolean()).isFalse();
            assertThat(snapshot.logs("shop", K8s.name(pod))).containsOnlyKeys("cart");
        }
        assertThat(eventMessages("shop", "cart-5d8f6c9b7-lr8tk", "Unhealthy")).containsExactly(
                "Readiness probe failed: Get \"http://10.244.1.23:8081/healthz\": dial tcp 10.244.1.23:8081: connect:"
                        + " connection refused");
        JsonNode subset = get("Endpoints", "shop", "cart").path("subsets").get(0);
        assertThat(subset.has("addresses")).isFalse();
        assertThat(subset.path("notReadyAddresses").size()).isEqualTo(2);
    }

    @Test
    void postgresWaitsForAClaimOnAStorageClassThatDoesNotExist() {
        JsonNode pvc = get("PersistentVolumeClaim", "data", "data-postgres-0");
        assertThat(pvc.path("status").path("phase").asString()).isEqualTo("Pending");
        assertThat(pvc.path("spec").path("storageClassName").asString()).isEqualTo("fast-ssd");
        assertThat(snapshot.objects("StorageClass")).extracting(K8s::name).containsExactly("managed-csi");
        assertThat(eventMessages("data", "data-postgres-0", "ProvisioningFailed"))
                .containsExactly("storageclass.storage.k8s.io \"fast-ssd\" not found");
        JsonNode pod = get("Pod", "data", "postgres-0");
        assertThat(pod.path("status").path("phase").asString()).isEqualTo("Pending");
        assertThat(K8s.controllerOf(pod).path("kind").asString()).isEqualTo("StatefulSet");
        assertThat(eventMessages("data", "postgres-0", "FailedScheduling")).singleElement().asString()
                .contains("pod has unbound immediate PersistentVolumeClaims");
    }

    @Test
    void catalogServiceSelectsNoPods() {
        JsonNode svc = get("Service", "shop", "catalog");
        assertThat(svc.path("spec").path("selector").path("app").asString()).isEqualTo("catalog-api");
        assertThat(podsOf("shop", "app", "catalog")).hasSize(2)
                .allSatisfy(p -> assertThat(onlyContainerStatus(p).path("ready").asBoolean()).isTrue());
        assertThat(podsOf("shop", "app", "catalog-api")).isEmpty();
        assertThat(get("Endpoints", "shop", "catalog").has("subsets")).isFalse();
    }

    @Test
    void nightlyReportJobFailedWithItsStackTrace() {
        JsonNode job = get("Job", "batch", "nightly-report");
        assertThat(K8s.list(job.path("status").get("conditions"))).anySatisfy(c -> {
            assertThat(c.path("type").asString()).isEqualTo("Failed");
            assertThat(c.path("reason").asString()).isEqualTo("BackoffLimitExceeded");
        });
        List<JsonNode> pods = podsOf("batch", "job-name", "nightly-report");
        assertThat(pods).hasSize(3);
        for (JsonNode pod : pods) {
            assertThat(onlyContainerStatus(pod).path("state").path("terminated").path("reason").asString())
                    .isEqualTo("Error");
            assertThat(snapshot.logs("batch", K8s.name(pod)).get("report"))
                    .contains("java.lang.IllegalStateException: REPORT_BUCKET is not set");
        }
    }

    @Test
    void healthyWorkloadsLookHealthy() {
        JsonNode checkout = get("Deployment", "shop", "checkout");
        assertThat(checkout.path("status").path("readyReplicas").asInt()).isEqualTo(2);
        assertThat(get("Endpoints", "shop", "checkout").path("subsets").get(0).path("addresses").size()).isEqualTo(2);
        assertThat(get("Deployment", "kube-system", "coredns").path("status").path("readyReplicas").asInt())
                .isEqualTo(2);
        assertThat(get("DaemonSet", "kube-system", "kube-proxy").path("status").path("numberReady").asInt())
                .isEqualTo(3);
        assertThat(K8s.list(get("Job", "batch", "cleanup").path("status").get("conditions")))
                .anySatisfy(c -> assertThat(c.path("type").asString()).isEqualTo("Complete"));
        assertThat(get("Deployment", "web", "legacy-admin").path("spec").path("replicas").asInt()).isZero();
        assertThat(get("Service", "web", "cdn").path("spec").path("type").asString()).isEqualTo("ExternalName");
        assertThat(get("PersistentVolumeClaim", "data", "backup-archive").path("status").path("phase").asString())
                .isEqualTo("Bound");
        // healthy pods are not asked for logs
        assertThat(snapshot.logs("shop", K8s.name(podsOf("shop", "app", "checkout").get(0)))).isEmpty();
        assertThat(demo.dispatcher().requests()).noneMatch(r -> r.contains("/pods/checkout-"));
    }

    @Test
    void ownerReferencesSelectorsAndEventsAreConsistent() {
        for (String kind : List.of("Pod", "ReplicaSet", "Job")) {
            for (JsonNode o : snapshot.objects(kind)) {
                JsonNode owner = K8s.controllerOf(o);
                if (owner == null) continue;
                JsonNode target = snapshot.get(owner.path("kind").asString(), K8s.namespace(o),
                        owner.path("name").asString());
                assertThat(target).as("owner of %s %s/%s", kind, K8s.namespace(o), K8s.name(o)).isNotNull();
                assertThat(K8s.uid(target)).isEqualTo(owner.path("uid").asString());
                JsonNode selector = target.path("spec").path("selector").path("matchLabels");
                for (Map.Entry<String, JsonNode> e : selector.properties()) {
                    assertThat(o.path("metadata").path("labels").path(e.getKey()).asString())
                            .as("%s/%s label %s", K8s.namespace(o), K8s.name(o), e.getKey())
                            .isEqualTo(e.getValue().asString());
                }
            }
        }
        for (JsonNode e : snapshot.objects("Event")) {
            JsonNode inv = e.path("involvedObject");
            JsonNode target = snapshot.get(inv.path("kind").asString(), inv.path("namespace").asString(),
                    inv.path("name").asString());
            assertThat(target).as("object of event %s", K8s.name(e)).isNotNull();
            assertThat(K8s.uid(target)).isEqualTo(inv.path("uid").asString());
        }
    }

    @Test
    void timestampsAreMovedToTheLastMinutes() {
        Instant now = Instant.now();
        Instant latest = snapshot.objects("Event").stream()
                .map(e -> K8s.text(e.get("lastTimestamp")) != null ? K8s.text(e.get("lastTimestamp"))
                        : K8s.text(e.path("series").get("lastObservedTime")) != null
                        ? K8s.text(e.path("series").get("lastObservedTime")) : K8s.text(e.get("eventTime")))
                .map(Instant::parse).max(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(latest, now).abs()).isLessThan(Duration.ofMinutes(5));
        String firstLine = snapshot.logs("search", "indexer-5f7b8c9d6-mn4qz").get("indexer").get(0);
        Instant logged = Instant.parse(firstLine.substring(0, firstLine.indexOf(' ')));
        assertThat(Duration.between(logged, now)).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(10));
    }

    @Test
    void servesPodLogsTheWayTheKubeletDoes() throws Exception {
        String base = demo.masterUrl() + "api/v1/namespaces/";
        assertThat(get(base + "payments/pods/payments-api-7d9c6b5f4d-x2k8p/log?container=payments-api&previous=true"
                + "&tailLines=1").body().strip())
                .endsWith("fatal could not connect to postgres at payments-db:5432: connection refused");
        assertThat(get(base + "payments/pods/payments-api-7d9c6b5f4d-x2k8p/log?tailLines=2").body().lines().count())
                .isEqualTo(2);
        HttpResponse<String> waiting = get(base + "web/pods/frontend-84d5c6f7b9-bw6xn/log");
        assertThat(waiting.code()).isEqualTo(400);
        assertThat(waiting.body()).contains("is waiting to start: ImagePullBackOff");
        HttpResponse<String> noPrevious = get(base + "shop/pods/cart-5d8f6c9b7-lr8tk/log?previous=true");
        assertThat(noPrevious.code()).isEqualTo(400);
        assertThat(noPrevious.body()).contains("previous terminated container \\\"cart\\\" in pod");
        assertThat(get(base + "shop/pods/cart-5d8f6c9b7-lr8tk/log?container=nope").body())
                .contains("container nope is not valid for pod cart-5d8f6c9b7-lr8tk");
        assertThat(get(base + "shop/pods/gone/log").code()).isEqualTo(404);
        // the typed client API works too
        assertThat(demo.client().pods().inNamespace("batch").withName("cleanup-7rjx4").inContainer("main")
                .tailingLines(1).getLog()).endsWith("done\n");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        HttpRequest request = demo.client().getHttpClient().newHttpRequestBuilder().uri(url).build();
        return demo.client().getHttpClient().sendAsync(request, String.class).get(10, TimeUnit.SECONDS);
    }

    @Test
    void talksToNothingButLoopback() throws Exception {
        URI master = URI.create(demo.masterUrl());
        assertThat(InetAddress.getByName(master.getHost()).isLoopbackAddress()).isTrue();
        assertThat(demo.client().getMasterUrl().getHost()).isEqualTo(master.getHost());
        Config config = demo.client().getConfiguration();
        assertThat(config.getHttpProxy()).isNull();
        assertThat(config.getHttpsProxy()).isNull();
        assertThat(config.getFile()).as("no kubeconfig file was read").isNull();
        assertThat(demo.dispatcher().requests()).isNotEmpty();

        assumeTrue(socketsDuringRead != null, "no /proc: cannot list this process's sockets");
        assertThat(socketsDuringRead).as("sockets of this JVM while the demo was read").isNotEmpty()
                .allSatisfy(s -> assertThat(s).as(s).endsWith(" loopback"));
        assertThat(socketsDuringRead).anySatisfy(s -> assertThat(s).startsWith("tcp LISTEN " + master.getHost()
                + ":" + master.getPort()));
    }

    /** The TCP and UDP sockets of this process, from /proc (Linux), one line each; null elsewhere. */
    static final class Sockets {
        static List<String> ofThisProcess() throws IOException {
            Path fds = Path.of("/proc/self/fd");
            if (!Files.isDirectory(fds)) return null;
            Set<String> inodes = new HashSet<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(fds)) {
                for (Path fd : dir) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                    } catch (IOException | UnsupportedOperationException gone) {
                        // closed meanwhile
                    }
                }
            }
            List<String> out = new ArrayList<>();
            for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
                Path p = Path.of("/proc/self/net/" + table);
                if (!Files.isReadable(p)) continue;
                List<String> lines = Files.readAllLines(p);
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length < 10 || !inodes.contains(f[9])) continue;
                    InetAddress local = address(f[1]);
                    InetAddress remote = address(f[2]);
                    boolean ok = (local.isLoopbackAddress() || local.isAnyLocalAddress() && isListening(table, f[3]))
                            && (remote.isLoopbackAddress() || remote.isAnyLocalAddress());
                    String state = !table.startsWith("tcp") ? "-" : switch (f[3]) {
                        case "01" -> "ESTABLISHED";
                        case "0A" -> "LISTEN";
                        case "06" -> "TIME_WAIT";
                        case "08" -> "CLOSE_WAIT";
                        default -> "state-" + f[3];
                    };
                    out.add(table.replace("6", "") + " " + state + " " + local.getHostAddress() + ":" + port(f[1])
                            + " -> " + remote.getHostAddress() + ":" + port(f[2]) + (ok ? " loopback" : " NOT-LOOPBACK"));
                }
            }
            return out;
        }

        private static boolean isListening(String table, String state) {
            return table.startsWith("udp") || "0A".equals(state);
        }

        private static int port(String hexAddress) {
            return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
        }

        /** /proc/net hex addresses: 32-bit words in host (little-endian) byte order. */
        private static InetAddress address(String hexAddress) throws UnknownHostException {
            String hex = hexAddress.substring(0, hexAddress.indexOf(':'));
            byte[] bytes = new byte[hex.length() / 2];
            for (int word = 0; word < bytes.length / 4; word++) {
                for (int b = 0; b < 4; b++) {
                    int at = word * 8 + (3 - b) * 2;
                    bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
                }
            }
            return InetAddress.getByAddress(bytes);
        }
    }
}
