package dev.aiops.composite.scaling;

import dev.aiops.composite.scaling.crd.ScalingPolicy;
import dev.aiops.composite.scaling.crd.ScalingPolicySpec;
import dev.aiops.core.audit.AuditEntry;
import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.contract.Durations;
import dev.aiops.core.notify.Notification;
import dev.aiops.core.notify.Notifier;
import dev.aiops.domain.diagnosis.Quantities;
import dev.aiops.domain.scaling.ContainerAdvice;
import dev.aiops.domain.scaling.Resources;
import dev.aiops.domain.scaling.ScalingReport;
import dev.aiops.domain.scaling.Workload;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns one target's advice into decisions under a policy: confidence, cooldown, bounds, floors, the namespaces
 * apply may touch, approvals; then records, patches (for real or as a dry run), audits and notifies.
 */
final class PolicyReconciler {

    /** What the operator needs from the world, one target at a time. */
    interface Advice {
        ClusterSnapshot cluster(String namespace, String selector);

        ScalingReport advise(String namespace, String selector, Duration window, ClusterSnapshot cluster)
                throws Exception;
    }

    private final io.fabric8.kubernetes.client.KubernetesClient client;
    private final Approvals approvals;
    private final AuditLog audit;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final List<AuditEntry> unwritten = new ArrayList<>();

    PolicyReconciler(io.fabric8.kubernetes.client.KubernetesClient client, Approvals approvals, AuditLog audit,
                     OperatorMetrics metrics, Clock clock) {
        this.client = client;
        this.approvals = approvals;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    List<Decision> reconcile(ScalingPolicy p, Advice advice, Notifier notifier) {
        ScalingPolicySpec s = p.getSpec();
        String policy = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
        List<Decision> out = new ArrayList<>();
        Instant now = clock.instant();
        for (ScalingPolicySpec.Target t : s.targets) {
            try {
                reconcileTarget(p, policy, t, advice, notifier, now, out);
            } finally {
                flushAudit();
            }
        }
        return out;
    }

    private void reconcileTarget(ScalingPolicy p, String policy, ScalingPolicySpec.Target t, Advice advice,
                                 Notifier notifier, Instant now, List<Decision> out) {
        ScalingPolicySpec s = p.getSpec();
        {
            ScalingReport report;
            ClusterSnapshot cluster;
            try {
                cluster = advice.cluster(t.namespace, t.selector);
                report = advice.advise(t.namespace, t.selector, Durations.parse(s.window), cluster);
            } catch (Exception e) {
                Decision d = new Decision(id(policy, t.namespace, "*", "advice-failed"), policy,
                        new Workload("Namespace", t.namespace, t.namespace), "*", Decision.Outcome.FAILED,
                        Resources.UNKNOWN, null, "the advisor failed, nothing was changed: " + e.getMessage(),
                        JsonNodeFactory.instance.objectNode().put("error", String.valueOf(e.getMessage())), now);
                record(d);
                out.add(d);
                return;
            }
            Map<Workload, Map<String, Resources>> toApply = new LinkedHashMap<>();
            Map<Workload, Map<String, Resources>> toDryRun = new LinkedHashMap<>();
            List<Decision> pendingPatch = new ArrayList<>();
            for (ContainerAdvice a : report.containers()) {
                Decision d = decide(p, policy, a, cluster, now);
                if (d.outcome() == Decision.Outcome.APPLIED) {
                    toApply.computeIfAbsent(a.workload(), k -> new LinkedHashMap<>()).put(a.container(), d.to());
                    pendingPatch.add(d);
                    continue;
                }
                if (d.outcome() == Decision.Outcome.DRY_RUN) {
                    toDryRun.computeIfAbsent(a.workload(), k -> new LinkedHashMap<>()).put(a.container(), d.to());
                }
                if (d.outcome() == Decision.Outcome.PENDING_APPROVAL) approvals.request(d);
                record(d);
                out.add(d);
            }
            toDryRun.forEach((w, c) -> WorkloadPatcher.patch(client, w, c, true, now));
            for (Decision d : pendingPatch) {
                Decision done = d;
                try {
                    Map<String, Resources> all = toApply.remove(d.workload());
                    if (all != null) WorkloadPatcher.patch(client, d.workload(), all, false, now);
                    if (d.reasoning().path("approval").path("approved").asBoolean(false)) approvals.done(d.id());
                    notifier.notify(notification(d));
                } catch (RuntimeException e) {
                    done = new Decision(d.id(), d.policy(), d.workload(), d.container(), Decision.Outcome.FAILED,
                            d.from(), d.to(), "the patch failed: " + e.getMessage(), d.reasoning(), d.time());
                }
                record(done);
                out.add(done);
            }
        }
    }

    private Decision decide(ScalingPolicy p, String policy, ContainerAdvice a, ClusterSnapshot cluster, Instant now) {
        ScalingPolicySpec s = p.getSpec();
        ObjectNode why = a.reasoning() == null ? JsonNodeFactory.instance.objectNode() : a.reasoning().deepCopy();
        why.put("mode", s.mode.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        Workload w = a.workload();
        if (a.recommended() == null) {
            return decision(policy, a, Decision.Outcome.SKIPPED, null, "no recommendation: " + a.reason(), why, now);
        }
        ScalingPolicySpec.Bounds b = s.bounds == null ? new ScalingPolicySpec.Bounds() : s.bounds;
        Resources to = floors(a.recommended(), b, why);
        ObjectNode change = why.putObject("change");
        change.put("cpu", ratio(a.current().cpuRequest(), to.cpuRequest()))
                .put("memory", ratio(a.current().memoryRequest(), to.memoryRequest()))
                .put("memoryLimit", ratio(a.current().memoryLimit(), to.memoryLimit()));
        if (close(a.current().cpuRequest(), to.cpuRequest()) && close(a.current().memoryRequest(), to.memoryRequest())
                && close(a.current().memoryLimit(), to.memoryLimit())) {
            return decision(policy, a, Decision.Outcome.UNCHANGED, to, "already at the recommendation", why, now);
        }
        double minConfidence = b.minConfidence == null ? 0.5 : b.minConfidence;
        if (a.confidence() < minConfidence) {
            return decision(policy, a, Decision.Outcome.SKIPPED, to, "confidence " + a.confidence() + " is below the"
                    + " policy's " + minConfidence, why, now);
        }
        if (!WorkloadPatcher.patchable(w)) {
            return decision(policy, a, Decision.Outcome.RECOMMENDED, to, w.kind() + " is not resized by the"
                    + " operator", why, now);
        }
        JsonNode workload = cluster.get(w.kind(), w.namespace(), w.name());
        String last = workload == null ? null : K8s.annotation(workload, WorkloadPatcher.LAST_SCALED);
        Duration cooldown = Durations.parse(s.cooldown == null ? "1h" : s.cooldown);
        if (last != null && Instant.parse(last).plus(cooldown).isAfter(now)) {
            return decision(policy, a, Decision.Outcome.SKIPPED, to, "cooling down until "
                    + Instant.parse(last).plus(cooldown) + " after the change at " + last, why, now);
        }
        String outside = outsideBounds(a.current(), to, b);
        why.putObject("bounds").put("maxUp", b.maxUp).put("maxDown", b.maxDown)
                .put("within", outside == null).put("violation", outside);
        switch (s.mode) {
            case RECOMMEND:
                return decision(policy, a, Decision.Outcome.RECOMMENDED, to, "recommend mode: nothing is changed",
                        why, now);
            case DRY_RUN:
                return decision(policy, a, Decision.Outcome.DRY_RUN, to, "dry-run mode: sent as a server-side dry"
                        + " run", why, now);
            default:
                break;
        }
        if (s.applyNamespaces == null || !s.applyNamespaces.contains(w.namespace())) {
            return decision(policy, a, Decision.Outcome.REFUSED, to, "namespace " + w.namespace() + " is not in the"
                    + " policy's applyNamespaces", why, now);
        }
        boolean needsApproval = outside != null || "always".equals(s.approval);
        String id = id(policy, w.toString(), a.container(), Resources.class.getSimpleName() + to);
        ObjectNode approval = why.putObject("approval").put("required", needsApproval);
        if (needsApproval) {
            Map<String, String> annotations = workload == null ? Map.of() : annotations(workload);
            if (!approvals.approved(id, annotations)) {
                approval.put("approved", false).put("how", "aiops scale approve " + id + "  (or annotate the"
                        + " workload " + Approvals.ANNOTATION + "=" + id + ")");
                return new Decision(id, policy, w, a.container(), Decision.Outcome.PENDING_APPROVAL, a.current(), to,
                        outside != null ? "outside the bounds: " + outside : "the policy asks for approval of"
                        + " every change", why, now);
            }
            approval.put("approved", true);
        }
        return new Decision(id, policy, w, a.container(), Decision.Outcome.APPLIED, a.current(), to,
                needsApproval ? "approved" : "within the bounds", why, now);
    }

    private static Map<String, String> annotations(JsonNode o) {
        Map<String, String> out = new LinkedHashMap<>();
        o.path("metadata").path("annotations").properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }

    private Decision decision(String policy, ContainerAdvice a, Decision.Outcome outcome, Resources to, String reason,
                              ObjectNode why, Instant now) {
        return new Decision(id(policy, a.workload().toString(), a.container(), outcome.wire()), policy, a.workload(),
                a.container(), outcome, a.current(), to, reason, why, now);
    }

    private static Resources floors(Resources r, ScalingPolicySpec.Bounds b, ObjectNode why) {
        double minCpu = Quantities.parse(b.minCpu == null ? "10m" : b.minCpu);
        double minMem = Quantities.parse(b.minMemory == null ? "64Mi" : b.minMemory);
        double cpu = Math.max(r.cpuRequest(), minCpu);
        double mem = Math.max(r.memoryRequest(), minMem);
        if (cpu > r.cpuRequest() || mem > r.memoryRequest()) why.put("policyFloors", b.minCpu + ", " + b.minMemory);
        return new Resources(cpu, mem, Double.NaN, Math.max(mem, Double.isNaN(r.memoryLimit()) ? mem : r.memoryLimit()));
    }

    /** Null when every change is within [maxDown, maxUp] of the current request; else which one is not. */
    static String outsideBounds(Resources from, Resources to, ScalingPolicySpec.Bounds b) {
        double up = b.maxUp == null ? 2 : b.maxUp;
        double down = b.maxDown == null ? 0.5 : b.maxDown;
        String[] names = {"cpu", "memory", "memory limit"};
        double[][] pairs = {{from.cpuRequest(), to.cpuRequest()}, {from.memoryRequest(), to.memoryRequest()},
                {from.memoryLimit(), to.memoryLimit()}};
        for (int i = 0; i < 3; i++) {
            double f = pairs[i][0];
            double t = pairs[i][1];
            if (i == 2 && (Double.isNaN(f) || Double.isNaN(t))) continue;
            if (Double.isNaN(f) || f <= 0) return names[i] + " has no current request to scale from";
            double r = t / f;
            if (r > up) return String.format(Locale.ROOT, "%s x%.2f is more than maxUp x%.2f", names[i], r, up);
            if (r < down) return String.format(Locale.ROOT, "%s x%.2f is less than maxDown x%.2f", names[i], r, down);
        }
        return null;
    }

    private static double ratio(double from, double to) {
        return Double.isNaN(from) || from <= 0 ? Double.NaN : Math.round(to / from * 1000) / 1000.0;
    }

    private static boolean close(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.isNaN(a) && Double.isNaN(b);
        return Math.abs(a - b) <= 0.01 * Math.max(a, b);
    }

    /** Counts {@code d} and queues its audit record: a target's records are written together (one disk write). */
    private void record(Decision d) {
        metrics.decision(d.outcome());
        unwritten.add(AuditEntry.of("scaling-operator", "scaling.operate").target(d.workload() + " " + d.container())
                .decision(d.id()).outcome(d.outcome().wire()).detail("policy", d.policy())
                .detail("reason", d.reason()).detail("reasoning", d.reasoning().toString()));
    }

    private void flushAudit() {
        try {
            audit.appendAll(unwritten);
        } finally {
            unwritten.clear();
        }
    }

    private static Notification notification(Decision d) {
        return new Notification("dev.aiops.scaling.applied", d.workload() + "/" + d.container(),
                "Resized " + d.workload() + " " + d.container(), d.reason() + "; cpu " + d.reasoning().path("change")
                .path("cpu") + "x, memory " + d.reasoning().path("change").path("memory") + "x, memory limit "
                + d.reasoning().path("change").path("memoryLimit") + "x", "info",
                Map.of("policy", d.policy(), "decision", d.id()), d.time());
    }

    static String id(String... parts) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(String.join("\u0000", parts)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
