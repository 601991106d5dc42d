package dev.aiops.infra.k8s.demo;

import dev.aiops.infra.k8s.K8s;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small, realistic Kubernetes cluster served in-process, for demos and tests: fabric8's mock API server in CRUD
 * mode on the loopback interface (no other network, no kubeconfig read), seeded with three nodes, healthy
 * workloads and a dozen typical faults, each with the status, events and container logs a real cluster shows:
 *
 * <ol>
 *   <li>{@code payments/payments-api} in CrashLoopBackOff (exit 1, 7 restarts): its database Service
 *       {@code payments-db} selects no pods, so the logs end in {@code connect ECONNREFUSED 10.0.12.4:5432};</li>
 *   <li>{@code search/indexer} OOMKilled (exit 137) under a 256Mi limit with a 512 MB heap;</li>
 *   <li>{@code web/frontend} rolling out an image tag that does not exist (ImagePullBackOff);</li>
 *   <li>{@code billing/invoice-worker} in CreateContainerConfigError: Secret {@code billing-db-credentials}
 *       missing;</li>
 *   <li>{@code analytics/spark-driver} Pending: requests 16 CPUs, nodes have 4;</li>
 *   <li>{@code shop/cart} never ready: its readiness probe checks port 8081, it listens on 8080;</li>
 *   <li>{@code data/postgres} Pending: its PVC asks for StorageClass {@code fast-ssd}, which does not exist;</li>
 *   <li>{@code shop/catalog} Service selecting {@code app=catalog-api} while the pods are {@code app=catalog};</li>
 *   <li>{@code batch/nightly-report} Job failed (BackoffLimitExceeded): {@code REPORT_BUCKET is not set};</li>
 *   <li>{@code web/frontend-ingress} routing to Service {@code frontend-svc}, which does not exist;</li>
 *   <li>{@code search/indexer-hpa} scaling Deployment {@code indexer-v2}, which does not exist;</li>
 * </ol>
 * and healthy ones: {@code shop/checkout}, {@code kube-system/coredns} and {@code kube-proxy}, the ingress
 * controller, a completed Job {@code batch/cleanup}, {@code web/legacy-admin} scaled to zero, an ExternalName
 * Service {@code web/cdn}, a bound PVC. Running pods have metrics ({@code kubectl top}: {@code PodMetrics} of
 * {@code metrics.k8s.io/v1beta1}, some workloads well under their requests and some near their limits, see
 * {@code DemoMetrics}); pods the controllers start get theirs, deleted pods lose them. The seed lives in
 * {@code dev/aiops/infra/k8s/demo/} as {@code kubectl get -o json} Lists and plain-text logs; timestamps are moved
 * so that the faults are minutes old.
 *
 * <p>Fixes take effect: a change to a Deployment, StatefulSet or DaemonSet (a rollback with
 * {@code rolling().undo()}, a new image, a restart, {@code scale(n)}) has rolled out by the time the write is
 * answered, with new ReplicaSets and running, ready pods, as {@code DemoControllers} describes; a write with
 * {@code dryRun=All} answers as it would and stores nothing.
 */
public final class DemoCluster implements AutoCloseable {

    /** The kubeconfig context name the client reports. */
    public static final String CONTEXT = "aiops-demo";

    /** The mock server logs every request at INFO through java.util.logging; held so the level sticks. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final DemoApiDispatcher dispatcher;
    private final KubernetesClient client;
    private final String masterUrl;

    private DemoCluster(KubernetesMockServer server, DemoApiDispatcher dispatcher, KubernetesClient client,
                        String masterUrl) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.client = client;
        this.masterUrl = masterUrl;
    }

    /** Starts the demo cluster on 127.0.0.1 and a free port. */
    public static DemoCluster start() {
        if (MOCK_SERVER_LOG.getLevel() == null) MOCK_SERVER_LOG.setLevel(Level.WARNING);
        Instant now = Instant.now();
        DemoSeed seed = DemoSeed.load(now);
        DemoApiDispatcher dispatcher = new DemoApiDispatcher(true);
        for (ObjectNode o : seed.objects) dispatcher.seed(o);
        String metricsTime = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (ObjectNode o : seed.objects) {
            ObjectNode metrics = "Pod".equals(K8s.kind(o)) ? DemoMetrics.of(o, metricsTime) : null;
            if (metrics != null) dispatcher.seedAt(DemoMetrics.collection(K8s.namespace(o)), metrics);
        }
        for (DemoSeed.Log l : seed.logs) {
            dispatcher.seedLog(l.namespace(), l.pod(), l.container(), l.previous(), l.text());
        }
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server.init(loopback, 0);
        try {
            String host = loopback.getHostAddress();
            String masterUrl = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getPort() + "/";
            Config config = clientConfig(masterUrl);
            KubernetesClient client = server.createClient(b -> b.withConfig(config));
            return new DemoCluster(server, dispatcher, client, masterUrl);
        } catch (RuntimeException e) {
            server.destroy();
            throw e;
        }
    }

    /**
     * A client configuration built from nothing (no kubeconfig, no environment, no system properties, no proxy):
     * plain HTTP to the loopback address, context {@value #CONTEXT}.
     */
    private static Config clientConfig(String masterUrl) {
        NamedContext context = new NamedContextBuilder().withName(CONTEXT)
                .withNewContext().withCluster(CONTEXT).withUser("demo").withNamespace("default").endContext()
                .build();
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(masterUrl)
                .withNamespace("default")
                .withContexts(List.of(context))
                .withCurrentContext(context)
                .withHttp2Disable(true)
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(5_000)
                .withRequestTimeout(10_000)
                .withNoProxy(new String[] {"127.0.0.1", "localhost", "::1"})
                .build();
    }

    /** A client pointed at the demo cluster; closed by {@link #close()}. */
    public KubernetesClient client() {
        return client;
    }

    /** The API server URL, {@code http://127.0.0.1:PORT/}. */
    public String masterUrl() {
        return masterUrl;
    }

    /** The dispatcher behind the server: to add container logs ({@code seedLog}) or to see the requests made. */
    public DemoApiDispatcher dispatcher() {
        return dispatcher;
    }

    /** Closes the client and stops the server. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.destroy();
        }
    }
}
