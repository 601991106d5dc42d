package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.infra.k8s.demo.DemoApiDispatcher;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LiveClusterReaderTest {

    private static final String DB_PASSWORD = "hunter2-Sup3r-s3cret";
    private static final String API_TOKEN = "tok_9f8e7d6c5b4a39281706";

    /** The demo dispatcher, plus kinds that answer 403 or 404 and a status for every request. */
    static final class TestDispatcher extends DemoApiDispatcher {
        final Set<String> forbidden = ConcurrentHashMap.newKeySet();
        final Set<String> notServed = ConcurrentHashMap.newKeySet();
        volatile int everything;

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            int q = path.indexOf('?');
            String plural = (q < 0 ? path : path.substring(0, q)).replaceFirst(".*/", "");
            if (everything != 0) return status(everything, "Unauthorized", "Unauthorized");
            if ("GET".equals(request.getMethod()) && forbidden.contains(plural)) {
                return status(403, "Forbidden", plural + " is forbidden: User \"system:serviceaccount:ops:reader\""
                        + " cannot list resource \"" + plural + "\" in API group \"\" at the cluster scope");
            }
            if ("GET".equals(request.getMethod()) && notServed.contains(plural)) {
                return status(404, "NotFound", "the server could not find the requested resource");
            }
            return super.dispatch(request);
        }

        private static MockResponse status(int code, String reason, String message) {
            return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                            + "\"message\":\"" + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason
                            + "\",\"code\":" + code + "}");
        }
    }

    private TestDispatcher dispatcher;
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        dispatcher = new TestDispatcher();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        seed();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private void seed() {
        for (String ns : List.of("a", "b")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
        }
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
                .withNewStatus().addToAllocatable("cpu", new io.fabric8.kubernetes.api.model.Quantity("4"))
                .endStatus().build()).create();
        client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                .withName("standard").endMetadata().withProvisioner("disk.csi.example.com").build()).create();
        for (int i = 1; i <= 3; i++) createPod("a", "web-" + i, "web", running("web"));
        createPod("a", "db-1", "db", running("db"));
        createPod("b", "web-9", "web", running("web"));
        createPod("a", "crash-1", "worker", new ContainerStatusBuilder().withName("worker").withRestartCount(3)
                .withReady(false).withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting()
                .endState().withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated()
                .endLastState().build());
        createPod("a", "pull-1", "puller", new ContainerStatusBuilder().withName("puller").withRestartCount(0)
                .withReady(false).withNewState().withNewWaiting().withReason("ImagePullBackOff").endWaiting()
                .endState().build());
        client.apps().deployments().inNamespace("a").resource(new DeploymentBuilder().withNewMetadata()
                .withName("web").withNamespace("a").addToLabels("app", "web").endMetadata().withNewSpec()
                .withReplicas(3).withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate()
                .withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer()
                .withName("web").withImage("nginx:1.27").endContainer().endSpec().endTemplate().endSpec().build())
                .create();
        client.batch().v1().cronjobs().inNamespace("a").resource(new CronJobBuilder().withNewMetadata()
                .withName("nightly").withNamespace("a").addToLabels("app", "db").endMetadata().withNewSpec()
                .withSchedule("0 2 * * *").withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("job").withImage("busybox").endContainer().withRestartPolicy("Never")
                .endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build()).create();
        client.services().inNamespace("a").resource(new ServiceBuilder().withNewMetadata().withName("web")
                .withNamespace("a").endMetadata().withNewSpec().addToSelector("app", "web").addNewPort().withPort(80)
                .endPort().endSpec().build()).create();
        client.network().v1().ingresses().inNamespace("b").resource(new IngressBuilder().withNewMetadata()
                .withName("web").withNamespace("b").endMetadata().withNewSpec().withIngressClassName("nginx")
                .endSpec().build()).create();
        client.configMaps().inNamespace("b").resource(new ConfigMapBuilder().withNewMetadata().withName("cfg")
                .withNamespace("b").endMetadata().addToData("LOG_LEVEL", "debug").build()).create();
        client.secrets().inNamespace("a").resource(new SecretBuilder().withNewMetadata().withName("db")
                .withNamespace("a").addToAnnotations("kubectl.kubernetes.io/last-applied-configuration",
                        "{\"data\":{\"password\":\"" + b64(DB_PASSWORD) + "\"}}").endMetadata()
                .addToData("password", b64(DB_PASSWORD)).addToStringData("token", API_TOKEN).build()).create();
        client.v1().events().inNamespace("a").resource(new EventBuilder().withNewMetadata()
                .withName("crash-1.18a0b1c2d3e4f5a6").withNamespace("a").endMetadata().withNewInvolvedObject()
                .withKind("Pod").withName("crash-1").withNamespace("a").endInvolvedObject().withReason("BackOff")
                .withType("Warning").withMessage("Back-off restarting failed container worker").build()).create();
        dispatcher.seedLog("a", "crash-1", "worker", false,
                "starting worker\nconnecting with password " + DB_PASSWORD + "\nusing token " + API_TOKEN
                        + "\nfatal: connection refused\n");
        dispatcher.seedLog("a", "crash-1", "worker", true, "starting worker\nfatal: connection refused\n");
    }

    private static ContainerStatus running(String name) {
        return new ContainerStatusBuilder().withName(name).withReady(true).withRestartCount(0).withNewState()
                .withNewRunning().withStartedAt("2026-11-24T08:00:00Z").endRunning().endState().build();
    }

    private void createPod(String ns, String name, String app, ContainerStatus status) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", app)
                .endMetadata().withNewSpec().addNewContainer().withName(status.getName()).withImage(app + ":1")
                .endContainer().endSpec().withNewStatus().withPhase("Running").addToContainerStatuses(status)
                .endStatus().build();
        Pod created = client.pods().inNamespace(ns).resource(pod).create();
        if (created.getStatus() == null || created.getStatus().getContainerStatuses().isEmpty()) {
            client.pods().inNamespace(ns).resource(pod).updateStatus();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> requestsTo(String plural) {
        return dispatcher.requests().stream().filter(r -> r.contains("/" + plural + "?")).toList();
    }

    // ---- tests ----

    @Test
    void readsEveryKindAsJsonWithKindAndApiVersion() {
        ClusterSnapshot s = LiveClusterReader.read(client);

        assertThat(s.source()).isEqualTo(new ClusterSnapshot.Source("live", "fabric8-mock-server-context"));
        assertThat(s.kinds()).contains("Namespace", "Node", "Pod", "Deployment", "CronJob", "Service", "Ingress",
                "ConfigMap", "Secret", "Event", "StorageClass");
        assertThat(s.objects("Pod")).hasSize(7);
        assertThat(s.objects("Namespace")).extracting(K8s::name).containsExactly("a", "b");
        JsonNode deployment = s.get("Deployment", "a", "web");
        assertThat(deployment.path("apiVersion").asString()).isEqualTo("apps/v1");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(s.get("CronJob", "a", "nightly").path("apiVersion").asString()).isEqualTo("batch/v1");
        assertThat(s.get("Ingress", "b", "web").path("apiVersion").asString()).isEqualTo("networking.k8s.io/v1");
        assertThat(s.get("StorageClass", null, "standard").path("apiVersion").asString())
                .isEqualTo("storage.k8s.io/v1");
        assertThat(s.get("Node", null, "node-1").path("status").path("allocatable").path("cpu").asString())
                .isEqualTo("4");
        JsonNode crash = s.get("Pod", "a", "crash-1");
        assertThat(crash.path("kind").asString()).isEqualTo("Pod");
        assertThat(crash.path("status").path("containerStatuses").get(0).path("state").path("waiting")
                .path("reason").asString()).isEqualTo("CrashLoopBackOff");
        for (String kind : s.kinds()) {
            ApiResource r = ApiResource.forKind(kind);
            for (JsonNode o : s.objects(kind)) {
                assertThat(o.path("kind").asString()).isEqualTo(kind);
                assertThat(o.path("apiVersion").asString()).isEqualTo(r.apiVersion());
                assertThat(o.path("metadata").has("managedFields")).isFalse();
            }
        }
        assertThat(s.warnings()).isEmpty();
        // every kind is listed once, with the default page size
        assertThat(requestsTo("pods")).containsExactly("GET /api/v1/pods?limit=500");
        assertThat(dispatcher.requests().stream().filter(r -> r.contains("limit=500")).count())
                .isEqualTo(ApiResource.DIAGNOSIS.size());
    }

    @Test
    void namespaceOptionKeepsNamespacedKindsToThatNamespaceAndStillReadsClusterScopedOnes() {
        ClusterSnapshot s = LiveClusterReader.read(client, LiveReadOptions.defaults().namespace("b"));

        assertThat(s.objects("Pod")).extracting(K8s::name).containsExactly("web-9");
        assertThat(s.namespaces()).containsExactly("b");
        assertThat(s.objects("Namespace")).extracting(K8s::name).containsExactly("b");
        assertThat(s.objects("Node")).hasSize(1);
        assertThat(s.objects("StorageClass")).hasSize(1);
        assertThat(s.get("ConfigMap", "b", "cfg")).isNotNull();
        assertThat(s.objects("Secret")).isEmpty();
        assertThat(requestsTo("pods")).containsExactly("GET /api/v1/namespaces/b/pods?limit=500");
        assertThat(requestsTo("nodes")).containsExactly("GET /api/v1/nodes?limit=500");
    }

    @Test
    void labelSelectorFiltersWorkloadsAndPodsButNotTheirContext() {
        ClusterSnapshot s = LiveClusterReader.read(client,
                LiveReadOptions.defaults().namespace("a").labelSelector("app=web"));

        assertThat(s.objects("Pod")).extracting(K8s::name).containsExactlyInAnyOrder("web-1", "web-2", "web-3");
        assertThat(s.objects("Deployment")).extracting(K8s::name).containsExactly("web");
        assertThat(s.objects("CronJob")).isEmpty();
        assertThat(s.objects("Service")).extracting(K8s::name).containsExactly("web");
        assertThat(s.objects("Secret")).extracting(K8s::name).containsExactly("db");
        assertThat(s.objects("Event")).hasSize(1);
        assertThat(requestsTo("pods")).singleElement().asString().contains("labelSelector=app%3Dweb");
        assertThat(requestsTo("services")).singleElement().asString().doesNotContain("labelSelector");
    }

    @Test
    void followsContinueTokensUntilTheLastPage() {
        ClusterSnapshot s = LiveClusterReader.read(client,
                LiveReadOptions.defaults().namespace("a").pageSize(2).logTailLines(0));

        assertThat(s.objects("Pod")).extracting(K8s::name)
                .containsExactly("crash-1", "db-1", "pull-1", "web-1", "web-2", "web-3");
        List<String> pages = requestsTo("pods");
        assertThat(pages).hasSize(3);
        assertThat(pages.get(0)).isEqualTo("GET /api/v1/namespaces/a/pods?limit=2");
        assertThat(pages.get(1)).contains("limit=2").contains("continue=");
        assertThat(pages.get(2)).contains("limit=2").contains("continue=");
    }

    @Test
    void pageSizeTwoReadsAllFivePodsInThreePages() {
        client.pods().inNamespace("a").withName("crash-1").delete();
        client.pods().inNamespace("a").withName("pull-1").delete();
        client.pods().inNamespace("b").withName("web-9").delete();
        createPod("b", "web-8", "web", running("web"));

        ClusterSnapshot s = LiveClusterReader.read(client, LiveReadOptions.defaults().pageSize(2));

        assertThat(s.objects("Pod")).hasSize(5);
        assertThat(requestsTo("pods")).hasSize(3);
    }

    @Test
    void secretsKeepTheirKeysAndLoseTheirValuesEverywhere() {
        ClusterSnapshot s = LiveClusterReader.read(client);

        JsonNode secret = s.get("Secret", "a", "db");
        assertThat(secret.path("data").path("password").asString()).isEqualTo(LogRedactor.MASK);
        assertThat(secret.path("metadata").path("annotations")
                .has("kubectl.kubernetes.io/last-applied-configuration")).isFalse();
        String everything = s.kinds().stream().flatMap(k -> s.objects(k).stream()).map(JsonNode::toString)
                .reduce("", String::concat);
        assertThat(everything).doesNotContain(DB_PASSWORD).doesNotContain(b64(DB_PASSWORD));

        List<String> log = s.logs("a", "crash-1").get("worker");
        assertThat(log).hasSize(4).contains("fatal: connection refused");
        assertThat(String.join("\n", log)).doesNotContain(DB_PASSWORD).doesNotContain(API_TOKEN)
                .contains(LogRedactor.MASK);
    }

    @Test
    void readsCurrentAndPreviousLogsOfUnhealthyPodsOnly() {
        ClusterSnapshot s = LiveClusterReader.read(client, LiveReadOptions.defaults().logTailLines(2));

        Map<String, List<String>> logs = s.logs("a", "crash-1");
        assertThat(logs).containsOnlyKeys("worker", "worker (previous)");
        assertThat(logs.get("worker")).hasSize(2).last().isEqualTo("fatal: connection refused");
        assertThat(logs.get("worker (previous)")).containsExactly("starting worker", "fatal: connection refused");
        assertThat(s.logs("a", "web-1")).isEmpty();
        List<String> logRequests = dispatcher.requests().stream().filter(r -> r.contains("/log?")).toList();
        assertThat(logRequests).hasSize(2).allMatch(r -> r.contains("/pods/crash-1/log?container=worker&tailLines=2"));
        // the image never pulled, so there is no log to ask for
        assertThat(logRequests).noneMatch(r -> r.contains("pull-1"));
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void aLogThatCannotBeReadBecomesAWarning() {
        createPod("b", "restarted", "api", new ContainerStatusBuilder().withName("api").withRestartCount(1)
                .withReady(true).withNewState().withNewRunning().endRunning().endState().build());

        ClusterSnapshot s = LiveClusterReader.read(client, LiveReadOptions.defaults().namespace("b"));

        assertThat(s.logs("b", "restarted")).containsOnlyKeys("api");
        assertThat(s.warnings()).singleElement().satisfies(w -> {
            assertThat(w.location()).isEqualTo("/api/v1/namespaces/b/pods/restarted/log?container=api&previous=true");
            assertThat(w.reason()).contains("previous instance").contains("HTTP 400")
                    .contains("previous terminated container \"api\" in pod \"restarted\" not found");
        });
    }

    @Test
    void aForbiddenOrUnservedKindBecomesAWarningAndTheRestIsRead() {
        dispatcher.forbidden.add("secrets");
        dispatcher.notServed.add("ingressclasses");

        ClusterSnapshot s = LiveClusterReader.read(client);

        assertThat(s.objects("Secret")).isEmpty();
        assertThat(s.objects("Pod")).hasSize(7);
        assertThat(s.objects("Deployment")).hasSize(1);
        assertThat(s.warnings()).extracting(SnapshotWarning::location)
                .containsExactlyInAnyOrder("/api/v1/secrets", "/apis/networking.k8s.io/v1/ingressclasses");
        assertThat(s.warnings()).extracting(SnapshotWarning::reason).anySatisfy(r -> assertThat(r)
                .startsWith("forbidden: list secrets in all namespaces").contains("cannot list resource"));
        assertThat(s.warnings()).extracting(SnapshotWarning::reason).anySatisfy(r -> assertThat(r)
                .startsWith("not served: list ingressclasses.networking.k8s.io"));
        assertThat(s.logs("a", "crash-1").get("worker")).contains("fatal: connection refused");
    }

    @Test
    void forbiddenInOneNamespaceSaysWhichNamespace() {
        dispatcher.forbidden.add("secrets");

        ClusterSnapshot s = LiveClusterReader.read(client, LiveReadOptions.defaults().namespace("a"));

        assertThat(s.warnings()).singleElement().satisfies(w -> {
            assertThat(w.location()).isEqualTo("/api/v1/namespaces/a/secrets");
            assertThat(w.reason()).startsWith("forbidden: list secrets in namespace a");
        });
    }

    @Test
    void rejectedCredentialsEverywhereAreAnError() {
        dispatcher.everything = 401;

        assertThatThrownBy(() -> LiveClusterReader.read(client)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("401 Unauthorized");
    }

    @Test
    void anUnreachableServerIsAnError() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port + "/")
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(2_000).build();
        try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThatThrownBy(() -> LiveClusterReader.read(unreachable)).isInstanceOf(SnapshotException.class)
                    .hasMessageContaining("cannot reach the API server");
        }
    }

    @Test
    void theCallerMayNameTheSource() {
        ClusterSnapshot.Source source = new ClusterSnapshot.Source("live", "prod-eu");

        ClusterSnapshot s = LiveClusterReader.read(client, LiveReadOptions.defaults().source(source)
                .maxConcurrency(1).logTailLines(0));

        assertThat(s.source()).isEqualTo(source);
        assertThat(s.objects("Pod")).hasSize(7);
        assertThat(dispatcher.requests()).noneMatch(r -> r.contains("/log?"));
    }

    @Test
    void logsAreReadForAtMostTheConfiguredNumberOfPods() {
        createPod("b", "restarted", "api", new ContainerStatusBuilder().withName("api").withRestartCount(1)
                .withReady(true).withNewState().withNewRunning().endRunning().endState().build());
        dispatcher.seedLog("b", "restarted", "api", true, "old\n");

        ClusterSnapshot s = LiveClusterReader.read(client, LiveReadOptions.defaults().maxPodsWithLogs(1));

        assertThat(s.warnings()).singleElement().satisfies(w -> assertThat(w.reason())
                .isEqualTo("read the logs of 1 of 3 unhealthy pods (raise maxPodsWithLogs to read more)"));
    }

    @Test
    void optionsAreValidated() {
        LiveReadOptions d = LiveReadOptions.defaults();
        assertThat(d.pageSize()).isEqualTo(500);
        assertThat(d.maxConcurrency()).isEqualTo(4);
        assertThat(d.logTailLines()).isEqualTo(200);
        assertThat(d.namespace(" ").namespace()).isNull();
        assertThat(d.labelSelector(" app=x ").labelSelector()).isEqualTo("app=x");
        assertThatThrownBy(() -> d.pageSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.maxConcurrency(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.logTailLines(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.maxPodsWithLogs(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
