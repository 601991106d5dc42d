package dev.aiops.composite.oncall;

import dev.aiops.infra.exec.CommandExecutor;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.LiveClusterReader;
import dev.aiops.infra.k8s.LiveReadOptions;
import dev.aiops.infra.k8s.demo.DemoCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Objects;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cluster a session works on: a snapshot on disk (read-only), a live cluster, or the embedded demo cluster.
 * The agent binds it to every tool call, so a model never chooses (or guesses) where facts come from. State read
 * from a cluster is kept until a command changes the cluster or a fresh diagnosis is asked for.
 */
public final class ClusterAccess implements AutoCloseable {

    private final ClusterSnapshot.Source source;
    private final KubernetesClient client;
    private final LiveReadOptions readOptions;
    private final String kubectlContext;
    private final AutoCloseable owner;
    private ClusterSnapshot current;

    private ClusterAccess(ClusterSnapshot.Source source, ClusterSnapshot snapshot, KubernetesClient client,
                          LiveReadOptions readOptions, String kubectlContext, AutoCloseable owner) {
        this.source = source;
        this.current = snapshot;
        this.client = client;
        this.readOptions = readOptions;
        this.kubectlContext = kubectlContext;
        this.owner = owner;
    }

    /** A snapshot read from disk: commands that would change it are refused. */
    public static ClusterAccess ofSnapshot(ClusterSnapshot snapshot) {
        return new ClusterAccess(snapshot.source(), snapshot, null, null, null, null);
    }

    /**
     * A live cluster behind {@code client}, read with {@code options}; {@code kubectlContext} is the kubeconfig
     * context a {@code kubectl} on PATH may run verbs against that aiops does not implement. {@code owner} (may be
     * null) is closed with this access.
     */
    public static ClusterAccess ofCluster(KubernetesClient client, LiveReadOptions options, String kubectlContext,
                                          AutoCloseable owner) {
        Objects.requireNonNull(client, "client");
        return new ClusterAccess(options.source(), null, client, options, kubectlContext, owner);
    }

    /** Starts the embedded demo cluster; commands change it, so a fix shows in the next diagnosis. */
    public static ClusterAccess demo() {
        DemoCluster demo = DemoCluster.start();
        return new ClusterAccess(new ClusterSnapshot.Source("demo", DemoCluster.CONTEXT), null, demo.client(),
                LiveReadOptions.defaults().source(new ClusterSnapshot.Source("demo", DemoCluster.CONTEXT)), null,
                demo);
    }

    public ClusterSnapshot.Source source() {
        return source;
    }

    /** The kubeconfig context of a live cluster, or null (snapshot, demo). */
    public String context() {
        return kubectlContext;
    }

    /** True when commands can change this cluster (live or demo). */
    public boolean changeable() {
        return client != null;
    }

    /** The current state, read when first asked for or after a change. */
    public synchronized ClusterSnapshot snapshot() {
        if (current == null) {
            current = LiveClusterReader.read(client, readOptions);
        }
        return current;
    }

    /** Reads the cluster again now (a snapshot on disk stays as it is). */
    public synchronized ClusterSnapshot refresh() {
        if (client != null) {
            current = null;
        }
        return snapshot();
    }

    /** Forgets the state read so far: the next question reads the cluster again. */
    public synchronized void invalidate() {
        if (client != null) {
            current = null;
        }
    }

    /** The executor of reviewed commands for this cluster. */
    public CommandExecutor executor(Clock clock) {
        return client == null ? CommandExecutor.forSnapshot(this::snapshot, clock)
                : CommandExecutor.forCluster(this::snapshot, client, kubectlContext, clock);
    }

    /** The session's cluster as {@code diagnosis.run} and {@code runbook.generate} take it. */
    public ObjectNode diagnosisSource() {
        ObjectNode s = JsonNodeFactory.instance.objectNode().put("type", source.type());
        if (source.name() != null) {
            s.put("name", source.name());
        }
        return s;
    }

    @Override
    public void close() {
        if (owner != null) {
            try {
                owner.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the cluster connection failed: " + e.getMessage(), e);
            }
        }
    }
}
