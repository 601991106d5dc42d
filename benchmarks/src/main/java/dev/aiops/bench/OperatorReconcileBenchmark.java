package dev.aiops.bench;

import dev.aiops.composite.scaling.Decision;
import dev.aiops.composite.scaling.OperatorSettings;
import dev.aiops.composite.scaling.ScalingOperator;
import dev.aiops.composite.scaling.crd.ScalingPolicy;
import dev.aiops.composite.scaling.crd.ScalingPolicySpec;
import dev.aiops.core.audit.AuditLog;
import dev.aiops.infra.k8s.demo.DemoApiDispatcher;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One reconcile of one ScalingPolicy (recommend mode) over 1,000 Deployments, each with a running pod and a
 * metrics-server reading, on fabric8's mock API server (CRUD mode, the demo cluster's dispatcher, loopback HTTP):
 * the workloads read, the advice, 1,000 decisions, each audited (hash-chained, forced to disk) and the policy's
 * status written. The peak heap of each invocation is printed after it.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class OperatorReconcileBenchmark {

    static final int WORKLOADS = 1_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private KubernetesMockServer server;
    private KubernetesClient client;
    private ScalingOperator operator;
    private AuditLog audit;
    private Path dir;

    @Setup
    public void start() throws IOException {
        Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.WARNING);
        DemoApiDispatcher dispatcher = new DemoApiDispatcher();
        for (int i = 0; i < WORKLOADS; i++) {
            String name = String.format("w%04d", i);
            dispatcher.seed(deployment(name));
            dispatcher.seed(replicaSet(name));
            dispatcher.seed(pod(name));
        }
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + server.getPort() + "/")
                .withHttp2Disable(true).withRequestTimeout(60_000).build();
        client = server.createClient(b -> b.withConfig(config));
        ResourceDefinitionContext metrics = new ResourceDefinitionContext.Builder().withGroup("metrics.k8s.io")
                .withVersion("v1beta1").withKind("PodMetrics").withPlural("pods").withNamespaced(true).build();
        for (int i = 0; i < WORKLOADS; i++) {
            client.genericKubernetesResources(metrics).inNamespace("bench").resource(podMetrics(podName(
                    String.format("w%04d", i)), i)).create();
        }
        ScalingPolicy p = new ScalingPolicy();
        p.getMetadata().setName("bench");
        p.getMetadata().setNamespace("aiops-system");
        ScalingPolicySpec s = new ScalingPolicySpec();
        ScalingPolicySpec.Target t = new ScalingPolicySpec.Target();
        t.namespace = "bench";
        s.targets.add(t);
        s.bounds.minConfidence = 0.0;
        p.setSpec(s);
        client.resource(p).create();
        dir = Files.createTempDirectory("aiops-operator-bench");
        audit = AuditLog.appendingTo(dir.resolve("audit.jsonl"));
        operator = new ScalingOperator(client, OperatorSettings.defaults("aiops-system", "bench").withPort(-1), audit,
                Clock.systemUTC());
    }

    @Benchmark
    public List<Decision> reconcile() {
        resetPeaks();
        List<Decision> decisions = operator.reconcileAll();
        if (decisions.size() != WORKLOADS) {
            throw new IllegalStateException(decisions.size() + " decisions for " + WORKLOADS + " workloads");
        }
        System.out.printf("%n[heap] peak %.1f MB during one reconcile of %d workloads%n", peakMb(), WORKLOADS);
        return decisions;
    }

    @TearDown
    public void stop() throws IOException {
        audit.close();
        client.close();
        server.destroy();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
        }
    }

    private static double peakMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        }
        return sum / 1048576.0;
    }

    static String podName(String workload) {
        StringBuilder b = new StringBuilder(workload).append("-7c9d8f6b5-");
        int h = workload.hashCode() & 0x7fffffff;
        for (int i = 0; i < 5; i++, h /= ALPHABET.length()) b.append(ALPHABET.charAt(h % ALPHABET.length()));
        return b.toString();
    }

    private static ObjectNode deployment(String name) {
        ObjectNode d = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        d.putObject("metadata").put("name", name).put("namespace", "bench").put("generation", 1)
                .putObject("labels").put("app", name);
        ObjectNode spec = d.putObject("spec").put("replicas", 1);
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode c = spec.putObject("template").putObject("spec").putArray("containers").addObject()
                .put("name", "app").put("image", "registry.example/app:1.0");
        ObjectNode r = c.putObject("resources");
        r.putObject("requests").put("cpu", "200m").put("memory", "256Mi");
        r.putObject("limits").put("memory", "256Mi");
        return d;
    }

    private static ObjectNode replicaSet(String workload) {
        ObjectNode rs = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
        ObjectNode meta = rs.putObject("metadata").put("name", workload + "-7c9d8f6b5").put("namespace", "bench")
                .put("uid", workload + "-rs");
        meta.putObject("labels").put("app", workload);
        meta.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "Deployment")
                .put("name", workload).put("controller", true).put("uid", workload + "-deploy");
        rs.putObject("spec").put("replicas", 1).putObject("selector").putObject("matchLabels").put("app", workload);
        return rs;
    }

    private static ObjectNode pod(String workload) {
        ObjectNode p = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode meta = p.putObject("metadata").put("name", podName(workload)).put("namespace", "bench");
        meta.putObject("labels").put("app", workload);
        meta.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "ReplicaSet")
                .put("name", workload + "-7c9d8f6b5").put("controller", true).put("uid", workload + "-rs");
        p.putObject("spec").putArray("containers").addObject().put("name", "app")
                .put("image", "registry.example/app:1.0");
        ObjectNode status = p.putObject("status").put("phase", "Running");
        status.putArray("containerStatuses").addObject().put("name", "app").put("ready", true)
                .put("restartCount", 0).putObject("state").putObject("running")
                .put("startedAt", Instant.now().minusSeconds(86_400).toString());
        return p;
    }

    private static GenericKubernetesResource podMetrics(String pod, int i) {
        GenericKubernetesResource m = new GenericKubernetesResource();
        m.setApiVersion("metrics.k8s.io/v1beta1");
        m.setKind("PodMetrics");
        m.setMetadata(new ObjectMetaBuilder().withName(pod).withNamespace("bench").build());
        m.setAdditionalProperty("timestamp", Instant.now().toString());
        m.setAdditionalProperty("window", "30s");
        m.setAdditionalProperty("containers", List.of(Map.of("name", "app", "usage",
                Map.of("cpu", (50 + i % 400) + "m", "memory", (100 + i % 300) + "Mi"))));
        return m;
    }
}
