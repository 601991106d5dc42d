package dev.aiops.cli;

import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.LiveClusterReader;
import dev.aiops.infra.k8s.LiveReadOptions;
import dev.aiops.infra.k8s.ReadLimits;
import dev.aiops.infra.k8s.SnapshotException;
import dev.aiops.infra.k8s.SnapshotInput;
import dev.aiops.infra.k8s.demo.DemoCluster;
import dev.aiops.infra.metrics.ContainerUsage;
import dev.aiops.infra.metrics.MetricsException;
import dev.aiops.infra.metrics.MetricsServerReader;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where {@code aiops diagnose} gets cluster state: a snapshot on disk, a live cluster, or the embedded demo. */
class SnapshotSources {

    private static final int CONNECT_TIMEOUT_MS = 5_000;

    /** {@code --from-dump -}: the snapshot is read from standard input. */
    static final String STDIN = "-";

    private final Map<String, String> env;
    private final InputStream stdin;
    /** Null: {@link ReadLimits#defaults()} when a dump is read. */
    private final ReadLimits limits;

    SnapshotSources(Map<String, String> env, InputStream stdin) {
        this(env, stdin, null);
    }

    private SnapshotSources(Map<String, String> env, InputStream stdin, ReadLimits limits) {
        this.env = env;
        this.stdin = stdin;
        this.limits = limits;
    }

    /** The same sources, reading dumps no further than {@code limits}. */
    SnapshotSources withLimits(ReadLimits limits) {
        return new SnapshotSources(env, stdin, limits);
    }

    /** A snapshot in any of the formats {@link SnapshotInput} tells apart; {@code -} reads standard input. */
    ClusterSnapshot dump(Path path) {
        ReadLimits rl = limits == null ? ReadLimits.defaults() : limits;
        return path.toString().equals(STDIN) ? SnapshotInput.read(stdin, "stdin", rl) : SnapshotInput.read(path, rl);
    }

    /** Starts the in-process demo API server and reads it through the same code path as a live cluster. */
    ClusterSnapshot demo() {
        try (DemoCluster demo = DemoCluster.start()) {
            return LiveClusterReader.read(demo.client(), LiveReadOptions.defaults()
                    .source(new ClusterSnapshot.Source("demo", DemoCluster.CONTEXT)));
        }
    }

    /** A client of a live cluster and the name of its kubeconfig context. */
    record Live(KubernetesClient client, String context) {
    }

    /** A client for kubeconfig's {@code context} (or the current one, or the in-cluster config), kept open. */
    Live liveClient(String context) {
        Config config = config(context);
        return new Live(new KubernetesClientBuilder().withConfig(config).build(),
                config.getCurrentContext() == null ? context : config.getCurrentContext().getName());
    }

    private Config config(String context) {
        requireKubeconfig();
        Config config;
        try {
            config = context == null || context.isBlank() ? Config.autoConfigure(null) : Config.autoConfigure(context);
        } catch (KubernetesClientException | IllegalArgumentException e) {
            throw new SnapshotException("cannot load kubeconfig context '" + context + "': " + e.getMessage(), e);
        }
        if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
            throw new SnapshotException("no Kubernetes cluster configured: set KUBECONFIG or pass --context");
        }
        // an SRE waiting on a dead cluster wants to know within seconds, not after fabric8's ten back-offs
        config.setRequestRetryBackoffLimit(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        return config;
    }

    /**
     * Fails in one sentence when there is nothing to connect to: no kubeconfig where kubectl and fabric8 look
     * (the {@code kubeconfig} system property, {@code $KUBECONFIG}, {@code ~/.kube/config}) and no in-cluster
     * service account. Without this check fabric8 falls back to {@code https://kubernetes.default.svc} and the
     * user waits for a connection that cannot work.
     */
    private void requireKubeconfig() {
        if (env.containsKey("KUBERNETES_SERVICE_HOST") || env.containsKey("KUBERNETES_MASTER")
                || System.getProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY) != null) {
            return;
        }
        String property = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        String variable = env.get("KUBECONFIG");
        String where;
        List<String> files;
        if (property != null) {
            where = "the kubeconfig system property names " + property;
            files = List.of(property);
        } else if (variable != null && !variable.isBlank()) {
            where = "KUBECONFIG names " + variable;
            files = List.of(variable.split(File.pathSeparator));
        } else {
            Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".kube", "config");
            where = "there is no " + home + " and no in-cluster service account";
            files = List.of(home.toString());
        }
        if (files.stream().noneMatch(f -> !f.isBlank() && Files.isRegularFile(Path.of(f)))) {
            throw new SnapshotException("no kubeconfig: " + where + (property != null || variable != null
                    ? ", which does not exist" : "") + "; point KUBECONFIG at one, or try the embedded demo cluster"
                    + " with --demo");
        }
    }

    /** Reads a live cluster from kubeconfig ({@code context}, or the current one) or the in-cluster config. */
    ClusterSnapshot live(String context, List<String> namespaces, String labelSelector) {
        Config config = config(context);
        LiveReadOptions options = LiveReadOptions.defaults()
                .source(new ClusterSnapshot.Source("live", config.getCurrentContext() == null ? context
                        : config.getCurrentContext().getName()));
        if (namespaces.size() == 1) options = options.namespace(namespaces.get(0));
        if (labelSelector != null) options = options.labelSelector(labelSelector);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            return LiveClusterReader.read(client, options);
        }
    }

    /** Cluster state and metrics-server's reading of it, from the demo or a live cluster. */
    record ClusterUsage(ClusterSnapshot snapshot, List<ContainerUsage> usage) {
    }

    /** Reads the cluster of {@code source} and metrics-server's usage of its pods. */
    ClusterUsage usage(SourceOptions source, List<String> namespaces, String selector) throws MetricsException {
        String ns = namespaces.size() == 1 ? namespaces.get(0) : null;
        if (source.demo) {
            try (DemoCluster demo = DemoCluster.start()) {
                ClusterSnapshot s = LiveClusterReader.read(demo.client(), LiveReadOptions.defaults()
                        .source(new ClusterSnapshot.Source("demo", DemoCluster.CONTEXT)));
                return new ClusterUsage(s, MetricsServerReader.read(demo.client(), ns, selector));
            }
        }
        ClusterSnapshot s = live(source.context, namespaces, selector);
        try (KubernetesClient client = liveClient(source.context).client()) {
            return new ClusterUsage(s, MetricsServerReader.read(client, ns, selector));
        }
    }

    Map<String, String> env() {
        return env;
    }
}
