package dev.aiops.infra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aiops.infra.k8s.demo.DemoCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** metrics-server's {@code PodMetrics} read as {@link ContainerUsage}, and each way reading them fails. */
class MetricsServerReaderTest {

    private static final double MI = 1024 * 1024;

    private static String key(ContainerUsage u) {
        return u.namespace() + "/" + u.pod() + "/" + u.container();
    }

    private static ContainerUsage only(List<ContainerUsage> usage, String namespace, String pod, String container) {
        List<ContainerUsage> found = usage.stream().filter(u -> u.namespace().equals(namespace)
                && u.pod().equals(pod) && u.container().equals(container)).toList();
        assertThat(found).as(namespace + "/" + pod + "/" + container).hasSize(1);
        return found.get(0);
    }

    /** The demo cluster publishes PodMetrics for its running pods. */
    @Nested
    class OnTheDemoCluster {

        private static DemoCluster demo;
        private static Instant started;

        @BeforeAll
        static void start() {
            started = Instant.now().minusSeconds(1);
            demo = DemoCluster.start();
        }

        @AfterAll
        static void stop() {
            if (demo != null) demo.close();
        }

        @Test
        void oneEntryPerContainerOfEveryRunningPodInAllNamespaces() throws MetricsException {
            List<ContainerUsage> usage = MetricsServerReader.read(demo.client(), null, null);

            assertThat(usage).extracting(MetricsServerReaderTest::key).containsExactlyInAnyOrder(
                    "ingress-nginx/ingress-nginx-controller-7f9d6c8b5c-m2x9t/ingress-nginx-controller",
                    "kube-system/coredns-6d4b75cb6d-8vxkq/coredns",
                    "kube-system/coredns-6d4b75cb6d-tn2wl/coredns",
                    "kube-system/kube-proxy-4wz7c/kube-proxy",
                    "kube-system/kube-proxy-hx8pm/kube-proxy",
                    "kube-system/kube-proxy-r2lkn/kube-proxy",
                    "shop/checkout-7b9c5d4f8-4kx9z/checkout",
                    "shop/checkout-7b9c5d4f8-p2m7w/checkout",
                    "shop/cart-5d8f6c9b7-lr8tk/cart",
                    "shop/cart-5d8f6c9b7-w4nq6/cart",
                    "shop/cart-redis-59c4b8d7f6-dk4wq/cart-redis",
                    "shop/catalog-6f7d8c9b5-9xv2k/catalog",
                    "shop/catalog-6f7d8c9b5-tq4lm/catalog",
                    "web/frontend-6b8f9c7d5c-7tq2m/frontend",
                    "web/frontend-6b8f9c7d5c-zk9vd/frontend");
            // crash-looping, OOMKilled, pending, waiting and finished pods have none
            assertThat(usage).extracting(ContainerUsage::namespace)
                    .doesNotContain("payments", "search", "billing", "analytics", "data", "batch");
            assertThat(usage).allSatisfy(u -> {
                assertThat(u.window()).isEqualTo(30);
                assertThat(u.timestamp()).isBetween(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        Instant.now());
                assertThat(u.cpuCores()).isPositive();
                assertThat(u.memoryBytes()).isPositive();
            });
        }

        @Test
        void theSeededValuesSomeWellUnderTheirRequestsSomeNearTheirLimits() throws MetricsException {
            List<ContainerUsage> usage = MetricsServerReader.read(demo.client(), null, null);

            ContainerUsage checkout = only(usage, "shop", "checkout-7b9c5d4f8-4kx9z", "checkout");
            assertThat(checkout.cpuCores()).isEqualTo(0.185);            // requests 200m
            assertThat(checkout.memoryBytes()).isEqualTo(478 * MI);      // limit 512Mi
            ContainerUsage redis = only(usage, "shop", "cart-redis-59c4b8d7f6-dk4wq", "cart-redis");
            assertThat(redis.memoryBytes()).isEqualTo(231 * MI);         // limit 256Mi
            ContainerUsage frontend = only(usage, "web", "frontend-6b8f9c7d5c-7tq2m", "frontend");
            assertThat(frontend.cpuCores()).isEqualTo(0.011);            // requests 100m
            assertThat(frontend.memoryBytes()).isEqualTo(52 * MI);       // requests 128Mi
            ContainerUsage coredns = only(usage, "kube-system", "coredns-6d4b75cb6d-tn2wl", "coredns");
            assertThat(coredns.cpuCores()).isEqualTo(0.003);
            assertThat(coredns.memoryBytes()).isEqualTo(18 * MI);
            assertThat(only(usage, "shop", "checkout-7b9c5d4f8-p2m7w", "checkout")).usingRecursiveComparison()
                    .comparingOnlyFields("cpuCores", "memoryBytes", "window").isEqualTo(checkout);
        }

        @Test
        void aNamespace() throws MetricsException {
            List<ContainerUsage> usage = MetricsServerReader.read(demo.client(), "shop", null);

            assertThat(usage).hasSize(7).allSatisfy(u -> assertThat(u.namespace()).isEqualTo("shop"));
            assertThat(usage).extracting(ContainerUsage::container).containsOnly("checkout", "cart", "cart-redis",
                    "catalog");
            assertThat(demo.dispatcher().requests()).contains("GET /apis/metrics.k8s.io/v1beta1/namespaces/shop/pods");
        }

        @Test
        void aLabelSelectorInANamespaceOrInAll() throws MetricsException {
            List<ContainerUsage> checkout = MetricsServerReader.read(demo.client(), "shop", "app=checkout");
            List<ContainerUsage> partOfShop = MetricsServerReader.read(demo.client(), null,
                    " app.kubernetes.io/part-of=shop ");
            List<ContainerUsage> notKubeDns = MetricsServerReader.read(demo.client(), "kube-system",
                    "k8s-app!=kube-dns");

            assertThat(checkout).extracting(ContainerUsage::pod)
                    .containsExactlyInAnyOrder("checkout-7b9c5d4f8-4kx9z", "checkout-7b9c5d4f8-p2m7w");
            assertThat(partOfShop).extracting(ContainerUsage::container).hasSize(6)
                    .containsOnly("checkout", "cart", "catalog");
            assertThat(notKubeDns).extracting(ContainerUsage::container).hasSize(3).containsOnly("kube-proxy");
            assertThat(demo.dispatcher().requests()).contains(
                    "GET /apis/metrics.k8s.io/v1beta1/namespaces/shop/pods?labelSelector=app%3Dcheckout");
            assertThat(MetricsServerReader.read(demo.client(), "shop", "app=nothing")).isEmpty();
            assertThat(MetricsServerReader.read(demo.client(), "no-such-namespace", null)).isEmpty();
        }
    }

    /** A mock API server in CRUD mode: PodMetrics created through the client are served. */
    @Nested
    class OnACrudMockServer {

        private KubernetesMockServer server;
        private KubernetesClient client;

        private void start() {
            server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(), false);
            server.init(InetAddress.getLoopbackAddress(), 0);
            client = server.createClient();
        }

        private void stop() {
            client.close();
            server.destroy();
        }

        private void withServer(ThrowingConsumer<KubernetesClient> test) throws Exception {
            start();
            try {
                test.accept(client);
            } finally {
                stop();
            }
        }

        private static void create(KubernetesClient client, String json) {
            GenericKubernetesResource r = client.getKubernetesSerialization()
                    .unmarshal(json, GenericKubernetesResource.class);
            client.genericKubernetesResources(MetricsServerReader.POD_METRICS).resource(r).create();
        }

        private static String podMetrics(String ns, String pod, String window, String containers) {
            return "{\"apiVersion\":\"metrics.k8s.io/v1beta1\",\"kind\":\"PodMetrics\",\"metadata\":{\"name\":\""
                    + pod + "\",\"namespace\":\"" + ns + "\",\"labels\":{\"app\":\"web\"}},"
                    + "\"timestamp\":\"2026-03-01T10:15:30Z\",\"window\":\"" + window + "\",\"containers\":["
                    + containers + "]}";
        }

        private static String container(String name, String cpu, String memory) {
            return "{\"name\":\"" + name + "\",\"usage\":{\"cpu\":\"" + cpu + "\",\"memory\":\"" + memory + "\"}}";
        }

        /**
         * The CRUD mock answers every collection, metrics.k8s.io included, with a list: without PodMetrics that is
         * an empty list, which reads as an installed metrics-server with no pods (not NOT_CONFIGURED: only a 404
         * says that metrics-server is missing).
         */
        @Test
        void withoutPodMetricsTheListIsEmpty() throws Exception {
            withServer(c -> {
                assertThat(MetricsServerReader.read(c, null, null)).isEmpty();
                assertThat(MetricsServerReader.read(c, "default", "app=web")).isEmpty();
            });
        }

        @Test
        void quantitiesInEveryNotationWindowsAsGoDurationsAndThePauseContainerLeftOut() throws Exception {
            withServer(c -> {
                create(c, podMetrics("shop", "web-1", "30s", container("web", "250m", "128Mi") + ","
                        + container("sidecar", "12345678n", "1Gi") + "," + container("POD", "0", "0")));
                create(c, podMetrics("shop", "web-2", "1m0s", container("web", "1", "123456Ki")));
                create(c, podMetrics("ops", "web-3", "20.051s", container("web", "1.5", "5e8")));

                List<ContainerUsage> usage = MetricsServerReader.read(c, null, null);

                assertThat(usage).extracting(MetricsServerReaderTest::key).containsExactlyInAnyOrder(
                        "shop/web-1/web", "shop/web-1/sidecar", "shop/web-2/web", "ops/web-3/web");
                ContainerUsage web1 = only(usage, "shop", "web-1", "web");
                assertThat(web1.cpuCores()).isEqualTo(0.25);
                assertThat(web1.memoryBytes()).isEqualTo(128 * MI);
                assertThat(web1.timestamp()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
                assertThat(web1.window()).isEqualTo(30);
                ContainerUsage sidecar = only(usage, "shop", "web-1", "sidecar");
                assertThat(sidecar.cpuCores()).isEqualTo(0.012345678);
                assertThat(sidecar.memoryBytes()).isEqualTo(1024 * MI);
                ContainerUsage web2 = only(usage, "shop", "web-2", "web");
                assertThat(web2.cpuCores()).isEqualTo(1.0);
                assertThat(web2.memoryBytes()).isEqualTo(123456 * 1024.0);
                assertThat(web2.window()).isEqualTo(60);
                ContainerUsage web3 = only(usage, "ops", "web-3", "web");
                assertThat(web3.cpuCores()).isEqualTo(1.5);
                assertThat(web3.memoryBytes()).isEqualTo(5e8);
                assertThat(web3.window()).isEqualTo(20);
                assertThat(MetricsServerReader.read(c, "ops", null)).extracting(ContainerUsage::pod)
                        .containsExactly("web-3");
            });
        }

        @Test
        void aBadQuantityNamesThePodAndTheContainer() throws Exception {
            withServer(c -> {
                create(c, podMetrics("shop", "web-1", "30s", container("web", "250m", "128Mi")));
                create(c, podMetrics("shop", "web-2", "30s", container("web", "250m", "128Mi") + ","
                        + container("sidecar", "lots", "128Mi")));

                MetricsException e = catchThrowableOfType(MetricsException.class,
                        () -> MetricsServerReader.read(c, "shop", null));

                assertThat(e.kind()).isEqualTo(MetricsException.Kind.BAD_RESPONSE);
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("pod shop/web-2", "container sidecar", "cpu usage \"lots\"")
                        .doesNotContain("NumberFormatException");
            });
        }

        @Test
        void aBadMemoryAMissingQuantityANegativeOneABadWindowOrTimestampAreReportedToo() throws Exception {
            withServer(c -> {
                create(c, podMetrics("a", "p1", "30s", container("app", "10m", "12Mo")));
                create(c, podMetrics("b", "p2", "30s", "{\"name\":\"app\",\"usage\":{\"cpu\":\"10m\"}}"));
                create(c, podMetrics("c", "p3", "30s", container("app", "-10m", "1Mi")));
                create(c, podMetrics("d", "p4", "thirty seconds", container("app", "10m", "1Mi")));
                create(c, podMetrics("e", "p5", "30s", container("app", "10m", "1Mi"))
                        .replace("2026-03-01T10:15:30Z", "yesterday"));

                assertThat(failure(c, "a")).contains("pod a/p1, container app: memory usage \"12Mo\"");
                assertThat(failure(c, "b")).contains("pod b/p2, container app: memory usage is missing");
                assertThat(failure(c, "c")).contains("pod c/p3, container app: cpu usage \"-10m\" is negative");
                assertThat(failure(c, "d")).contains("pod d/p4: window \"thirty seconds\"");
                assertThat(failure(c, "e")).contains("pod e/p5: timestamp \"yesterday\"");
            });
        }

        private static String failure(KubernetesClient c, String namespace) {
            MetricsException e = catchThrowableOfType(MetricsException.class,
                    () -> MetricsServerReader.read(c, namespace, null));
            assertThat(e).as("reading namespace " + namespace).isNotNull();
            assertThat(e.kind()).isEqualTo(MetricsException.Kind.BAD_RESPONSE);
            return e.getMessage();
        }
    }

    /** A mock API server in expectations mode answers 404 to what it was not told, as a cluster does. */
    @Nested
    class WhenTheApiIsNotThere {

        private void withServer(Consumer<KubernetesMockServer> expect, ThrowingConsumer<KubernetesClient> test)
                throws Exception {
            KubernetesMockServer server = new KubernetesMockServer(false);
            server.init(InetAddress.getLoopbackAddress(), 0);
            expect.accept(server);
            // no retries: the client would retry a 503 for 20 seconds
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/"))
                    .withRequestRetryBackoffLimit(0).build();
            try (KubernetesClient client = server.createClient(b -> b.withConfig(config))) {
                test.accept(client);
            } finally {
                server.destroy();
            }
        }

        @Test
        void notInstalledIs404AndNotConfigured() throws Exception {
            withServer(s -> { }, c -> {
                MetricsException all = catchThrowableOfType(MetricsException.class,
                        () -> MetricsServerReader.read(c, null, null));
                MetricsException one = catchThrowableOfType(MetricsException.class,
                        () -> MetricsServerReader.read(c, "shop", "app=web"));

                assertThat(all.kind()).isEqualTo(MetricsException.Kind.NOT_CONFIGURED);
                assertThat(all.retryable()).isFalse();
                assertThat(all.getMessage())
                        .startsWith("metrics-server (metrics.k8s.io) is not installed in this cluster: ")
                        .contains("in all namespaces");
                assertThat(one.kind()).isEqualTo(MetricsException.Kind.NOT_CONFIGURED);
                assertThat(one.getMessage()).contains("in namespace shop");
            });
        }

        @Test
        void forbiddenNamesThePermissionToGrant() throws Exception {
            withServer(s -> s.expect().get().withPath("/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods")
                    .andReturn(403, new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403)
                            .withMessage("pods.metrics.k8s.io is forbidden: User \"dev\" cannot list resource "
                                    + "\"pods\" in API group \"metrics.k8s.io\" in the namespace \"shop\"").build())
                    .always(), c -> {
                MetricsException e = catchThrowableOfType(MetricsException.class,
                        () -> MetricsServerReader.read(c, "shop", null));

                assertThat(e.kind()).isEqualTo(MetricsException.Kind.HTTP);
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("403", "in namespace shop",
                        "grant get and list on pods.metrics.k8s.io", "User \"dev\" cannot list");
            });
        }

        @Test
        void anApiServiceThatDoesNotAnswerIsUnreachableAndRetryable() throws Exception {
            withServer(s -> s.expect().get().withPath("/apis/metrics.k8s.io/v1beta1/pods")
                    .andReturn(503, new StatusBuilder().withStatus("Failure").withReason("ServiceUnavailable")
                            .withCode(503).withMessage("the server is currently unable to handle the request")
                            .build())
                    .always(), c -> {
                MetricsException e = catchThrowableOfType(MetricsException.class,
                        () -> MetricsServerReader.read(c, null, null));

                assertThat(e.kind()).isEqualTo(MetricsException.Kind.UNREACHABLE);
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("HTTP 503", "unable to handle the request");
            });
        }

        @Test
        void noServerIsUnreachableAndRetryable() throws IOException {
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port + "/")
                    .withRequestRetryBackoffLimit(0).withConnectionTimeout(2_000).build();
            long t0 = System.nanoTime();
            try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(config).build()) {
                MetricsException e = catchThrowableOfType(MetricsException.class,
                        () -> MetricsServerReader.read(unreachable, null, null));

                assertThat(e.kind()).isEqualTo(MetricsException.Kind.UNREACHABLE);
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("127.0.0.1:" + port);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @FunctionalInterface
    interface ThrowingConsumer<T> {
        void accept(T t) throws Exception;
    }
}
