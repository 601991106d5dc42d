package dev.aiops.composite.scaling;

import dev.aiops.composite.scaling.crd.ScalingPolicy;
import dev.aiops.composite.scaling.crd.ScalingPolicySpec;
import dev.aiops.composite.scaling.crd.ScalingPolicyStatus;
import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.contract.Durations;
import dev.aiops.core.notify.CloudEventWebhookSink;
import dev.aiops.core.notify.NotificationSink;
import dev.aiops.core.notify.Notifier;
import dev.aiops.core.notify.RetryPolicy;
import dev.aiops.core.notify.SlackWebhookSink;
import dev.aiops.core.notify.StdoutSink;
import dev.aiops.domain.scaling.ScalingAdvisor;
import dev.aiops.domain.scaling.ScalingReport;
import dev.aiops.domain.scaling.ScalingScope;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.LiveClusterReader;
import dev.aiops.infra.k8s.LiveReadOptions;
import dev.aiops.infra.metrics.MetricsServerReader;
import dev.aiops.infra.metrics.PrometheusClient;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autonomous scaling operator: ScalingPolicy objects and the workloads they select are watched through
 * informers; of all instances only the holder of a Kubernetes {@code Lease} acts; each policy is reconciled when it
 * or a workload of its namespaces changes, and at its interval. Every decision is audited and kept in the policy's
 * status; applied changes notify people; changes outside the policy's bounds wait for approval.
 */
public final class ScalingOperator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScalingOperator.class);
    private static final int KEPT_DECISIONS = 200;

    private final KubernetesClient client;
    private final OperatorSettings settings;
    private final Clock clock;
    private final Policies policies;
    private final PolicyReconciler reconciler;
    private final OperatorMetrics metrics = new OperatorMetrics();
    /** One client (and its HTTP connections) for every reconcile; null without Prometheus. */
    private final ScalingAdvisor prometheus;
    private final Map<String, Instant> lastRun = new ConcurrentHashMap<>();
    private final Set<String> dirtyNamespaces = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean allDirty = new AtomicBoolean(true);
    private final AtomicBoolean leader = new AtomicBoolean();
    private final AtomicReference<Instant> lastTick = new AtomicReference<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private ScheduledExecutorService loop;
    private CompletableFuture<?> election;
    private OperatorHttp http;

    public ScalingOperator(KubernetesClient client, OperatorSettings settings, AuditLog audit, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.policies = new Policies(client);
        this.prometheus = settings.prometheus() == null ? null
                : new ScalingAdvisor(new PrometheusClient(settings.prometheus()), settings.advisor(), clock);
        this.reconciler = new PolicyReconciler(client, new Approvals(client, settings.namespace()), audit, metrics,
                clock);
    }

    /** Starts the HTTP endpoint, the informers, the leader election and the loop; returns at once. */
    public void start() {
        try {
            if (settings.port() >= 0) {
                http = new OperatorHttp(settings.port(), metrics, this::healthy, this::ready);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + settings.port(), e);
        }
        informers.add(policies.api().inAnyNamespace().inform(handler(o -> allDirty.set(true)), 0));
        informers.add(client.apps().deployments().inAnyNamespace().inform(handler(this::touched), 0));
        informers.add(client.apps().statefulSets().inAnyNamespace().inform(handler(this::touched), 0));
        informers.add(client.apps().daemonSets().inAnyNamespace().inform(handler(this::touched), 0));
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aiops-scaling-operator");
            t.setDaemon(true);
            return t;
        });
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("aiops-scaling-operator")
                .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration()).withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod()).withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                        who -> LOG.info("leader is now {}", who)))
                .build()).build().start();
        loop.scheduleWithFixedDelay(this::tick, 0, settings.tick().toMillis(), TimeUnit.MILLISECONDS);
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(java.util.function.Consumer<T> changed) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T o) {
                // the initial list is covered by the full pass every new leader makes
                if (ready()) changed.accept(o);
            }

            @Override
            public void onUpdate(T old, T o) {
                // status writes (ours on policies, controllers' on workloads) leave the generation as it is
                Long before = old.getMetadata().getGeneration();
                Long after = o.getMetadata().getGeneration();
                if (before == null || after == null || !before.equals(after)) changed.accept(o);
            }

            @Override
            public void onDelete(T o, boolean unknownFinalState) {
                changed.accept(o);
            }
        };
    }

    private void touched(HasMetadata workload) {
        dirtyNamespaces.add(workload.getMetadata().getNamespace());
    }

    private void startLeading() {
        LOG.info("{} holds the lease {}/{}: acting", settings.identity(), settings.namespace(), settings.leaseName());
        leader.set(true);
        metrics.leader(true);
        allDirty.set(true);
    }

    private void stopLeading() {
        LOG.info("{} lost the lease: no longer acting", settings.identity());
        leader.set(false);
        metrics.leader(false);
    }

    /** Whether this instance holds the lease and acts. */
    public boolean isLeader() {
        return leader.get();
    }

    /** The HTTP port (the one bound when 0 was asked for); -1 without an endpoint. */
    public int port() {
        return http == null ? -1 : http.port();
    }

    private boolean healthy() {
        Instant t = lastTick.get();
        return t == null || t.isAfter(clock.instant().minus(settings.tick().multipliedBy(6)));
    }

    private boolean ready() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    private void tick() {
        lastTick.set(clock.instant());
        if (!leader.get() || !ready()) return;
        try {
            boolean all = allDirty.getAndSet(false);
            Set<String> namespaces = Set.copyOf(dirtyNamespaces);
            dirtyNamespaces.removeAll(namespaces);
            for (Policies.Read r : policies.all()) {
                if (!leader.get()) return;
                if (all || due(r) || targets(r, namespaces)) reconcile(r);
            }
        } catch (RuntimeException e) {
            LOG.warn("reconcile loop: {}", e.toString());
        }
    }

    private boolean due(Policies.Read r) {
        Instant last = lastRun.get(r.key());
        if (last == null) return true;
        String interval = r.policy() == null || r.policy().getSpec().interval == null ? "5m"
                : r.policy().getSpec().interval;
        try {
            return !last.plus(Durations.parse(interval)).isAfter(clock.instant());
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static boolean targets(Policies.Read r, Set<String> namespaces) {
        if (r.policy() == null || namespaces.isEmpty() || r.policy().getSpec().targets == null) return false;
        return r.policy().getSpec().targets.stream().anyMatch(t -> t != null && namespaces.contains(t.namespace));
    }

    /**
     * One pass over every policy now, whoever holds the lease: what the leader does at each tick. For tests, a
     * one-shot run ({@code aiops scale operator --once}) and benchmarks.
     */
    public List<Decision> reconcileAll() {
        List<Decision> out = new ArrayList<>();
        for (Policies.Read r : policies.all()) out.addAll(reconcile(r));
        return out;
    }

    private List<Decision> reconcile(Policies.Read r) {
        long start = System.nanoTime();
        lastRun.put(r.key(), clock.instant());
        ScalingPolicyStatus status = new ScalingPolicyStatus();
        status.observedGeneration = r.stored().getMetadata().getGeneration();
        List<Decision> decisions = List.of();
        boolean failed = false;
        if (!r.problems().isEmpty()) {
            status.conditions.add(condition("Ready", "False", "InvalidSpec", String.join("; ", r.problems())));
        } else if (Boolean.TRUE.equals(r.policy().getSpec().paused)) {
            status.conditions.add(condition("Ready", "False", "Paused", "spec.paused is true: the kill switch is on,"
                    + " nothing is decided or changed"));
        } else {
            try (Notifier notifier = notifier(r.policy().getSpec())) {
                decisions = reconciler.reconcile(r.policy(), advice(), notifier);
                status.conditions.add(condition("Ready", "True", "Reconciled", decisions.size() + " decisions"));
            } catch (RuntimeException e) {
                failed = true;
                status.conditions.add(condition("Ready", "False", "ReconcileFailed", e.toString()));
            }
        }
        for (Decision d : decisions.subList(0, Math.min(KEPT_DECISIONS, decisions.size()))) {
            status.decisions.add(entry(d));
        }
        status.pending = (int) decisions.stream().filter(d -> d.outcome() == Decision.Outcome.PENDING_APPROVAL)
                .count();
        try {
            policies.writeStatus(r, status);
        } catch (RuntimeException e) {
            LOG.warn("cannot write the status of {}: {}", r.key(), e.toString());
        }
        metrics.reconciled((System.nanoTime() - start) / 1e9, failed);
        return decisions;
    }

    private PolicyReconciler.Advice advice() {
        return new PolicyReconciler.Advice() {
            @Override
            public ClusterSnapshot cluster(String namespace, String selector) {
                return LiveClusterReader.read(client, LiveReadOptions.defaults().namespace(namespace)
                        .labelSelector(selector == null || selector.isBlank() ? null : selector).maxPodsWithLogs(0));
            }

            @Override
            public ScalingReport advise(String namespace, String selector, Duration window, ClusterSnapshot cluster)
                    throws Exception {
                ScalingScope scope = new ScalingScope(Set.of(namespace), selector, window, null, cluster, null);
                if (prometheus != null) return prometheus.advise(scope);
                return ScalingAdvisor.fromMetricsServer(MetricsServerReader.read(client, namespace, selector), scope,
                        settings.advisor(), clock);
            }
        };
    }

    private static Notifier notifier(ScalingPolicySpec spec) {
        List<NotificationSink> sinks = new ArrayList<>();
        for (ScalingPolicySpec.Sink s : spec.notify == null ? List.<ScalingPolicySpec.Sink>of() : spec.notify) {
            switch (s.type) {
                case "slack" -> sinks.add(new SlackWebhookSink(URI.create(s.url)));
                case "cloudevents" -> sinks.add(new CloudEventWebhookSink(URI.create(s.url), Map.of(),
                        "aiops-scaling-operator"));
                default -> sinks.add(new StdoutSink(System.out));
            }
        }
        return sinks.isEmpty() ? Notifier.none() : Notifier.of(sinks, RetryPolicy.defaults());
    }

    private ScalingPolicyStatus.Condition condition(String type, String status, String reason, String message) {
        ScalingPolicyStatus.Condition c = new ScalingPolicyStatus.Condition();
        c.type = type;
        c.status = status;
        c.reason = reason;
        c.message = message;
        c.lastTransitionTime = clock.instant().toString();
        return c;
    }

    private static ScalingPolicyStatus.Decision entry(Decision d) {
        ScalingPolicyStatus.Decision e = new ScalingPolicyStatus.Decision();
        e.id = d.id();
        e.workload = d.workload().toString();
        e.container = d.container();
        e.time = d.time().toString();
        e.outcome = d.outcome().wire();
        e.from = Quantity.of(d.from());
        e.to = d.to() == null ? null : Quantity.of(d.to());
        e.reason = d.reason();
        return e;
    }

    /** The metrics in Prometheus' text format, as {@code /metrics} serves them. */
    public String metricsText() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            metrics.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (election != null) election.cancel(true);
        if (loop != null) loop.shutdownNow();
        informers.forEach(SharedIndexInformer::close);
        if (http != null) http.close();
        leader.set(false);
        metrics.leader(false);
    }

    /** Requests as strings for the status ({@code cpu: 250m, memory: 512Mi}). */
    private static final class Quantity {
        static Map<String, String> of(dev.aiops.domain.scaling.Resources r) {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            if (!Double.isNaN(r.cpuRequest())) m.put("cpu", Math.round(r.cpuRequest() * 1000) + "m");
            if (!Double.isNaN(r.memoryRequest())) m.put("memory", Math.round(r.memoryRequest() / 1048576) + "Mi");
            return m;
        }
    }
}
