package dev.aiops.cli;

import dev.aiops.composite.oncall.ActionPolicy;
import dev.aiops.composite.oncall.Approver;
import dev.aiops.composite.oncall.ClusterAccess;
import dev.aiops.composite.oncall.OnCallAgent;
import dev.aiops.composite.oncall.OnCallSettings;
import dev.aiops.composite.oncall.SessionStore;
import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.llm.LlmSettings;
import dev.aiops.core.notify.Notifier;
import dev.aiops.core.prompt.PromptRegistry;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.LiveReadOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything an on-call session holds open: the cluster, the model, the logs, the notifier, the agent. */
final class OnCallSession implements AutoCloseable {

    final OnCallAgent agent;
    private final List<AutoCloseable> resources;

    private OnCallSession(OnCallAgent agent, List<AutoCloseable> resources) {
        this.agent = agent;
        this.resources = resources;
    }

    /**
     * Opens a session.
     *
     * @throws dev.aiops.infra.k8s.SnapshotException when the cluster cannot be read
     * @throws IllegalArgumentException              when config.yaml is wrong (naming file and field)
     * @throws dev.aiops.composite.oncall.SessionException when the session to resume cannot be read
     */
    static OnCallSession open(OnCallOptions o, SnapshotSources sources, Map<String, String> env, Approver approver,
                              String resume, PrintStream stdout, boolean streaming) {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            Path config = LlmSettings.defaultConfigFile(env);
            ActionPolicy policy = OnCallSettings.read(config, env).withReadOnly(o.readOnly).withAskAlways(o.askAlways);
            if (o.gitopsDir != null) {
                policy = policy.withGitopsDir(o.gitopsDir);
            }
            Notifier notifier = Notifier.fromConfig(config, stdout);
            open.add(notifier);
            ClusterAccess cluster = access(o, sources);
            open.add(cluster);
            AuditLog audit = AuditLog.appendingTo(o.auditLog != null ? o.auditLog : AuditLog.defaultFile(env));
            open.add(audit);
            OnCallAgent.Builder b = OnCallAgent.builder(cluster,
                            DescriptorLoader.loadClasspath("skills", OnCallSession.class.getClassLoader()))
                    .policy(policy).approver(approver).audit(audit).notifier(notifier)
                    .sessions(new SessionStore(SessionStore.defaultDirectory(env), Clock.systemUTC()))
                    .namespaces(o.namespaces).resume(resume).streaming(streaming);
            Optional<LlmSettings> model = o.noModel ? Optional.empty() : LlmSettings.resolve(env, config);
            if (model.isPresent()) {
                ConfiguredModel m = ConfiguredModel.open(env, model.get());
                open.add(m);
                b.gateway(m.gateway, PromptRegistry.fromClasspath());
            }
            OnCallAgent agent = b.build();
            open.add(agent);
            return new OnCallSession(agent, open);
        } catch (RuntimeException e) {
            closeAll(open);
            throw e;
        }
    }

    private static ClusterAccess access(OnCallOptions o, SnapshotSources sources) {
        if (o.source == null || o.source.demo) {
            if (o.source == null) {
                throw new IllegalArgumentException("say where the cluster is: --demo, --from-dump PATH or"
                        + " --context CTX");
            }
            return ClusterAccess.demo();
        }
        if (o.source.dump != null) {
            return ClusterAccess.ofSnapshot(sources.dump(o.source.dump));
        }
        SnapshotSources.Live live = sources.liveClient(o.source.context);
        LiveReadOptions read = LiveReadOptions.defaults().source(new ClusterSnapshot.Source("live", live.context()));
        if (o.namespaces.size() == 1) {
            read = read.namespace(o.namespaces.get(0));
        }
        return ClusterAccess.ofCluster(live.client(), read, live.context(), live.client());
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(OnCallSession.class).debug("closing failed", e);
            }
        }
    }
}
