package dev.aiops.domain.runbook;

import dev.aiops.domain.spec.Dependency;
import dev.aiops.domain.spec.DeploymentSpec;
import dev.aiops.domain.spec.EnvironmentSpec;
import dev.aiops.domain.spec.Migration;
import dev.aiops.domain.spec.Rollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The operational runbook a deployment spec implies for one environment: deploy, verify, scale, the failure modes
 * the analyzers know for this kind of workload with the command that checks each, dependency checks, and beside
 * every procedure that changes something its rollback plan (rollout undo to the recorded revision, config rollback,
 * the data-migration caveats and the point of no return). Deterministic: the same spec gives the same runbook.
 *
 * @param service     the service
 * @param environment the environment
 * @param namespace   where it runs there
 * @param procedures  in the order an operator needs them
 */
public record SpecRunbook(String service, String environment, String namespace, List<Procedure> procedures) {

    /** One procedure: its steps and, when it changes something, how to undo it. */
    public record Procedure(String name, String purpose, List<Runbook.Step> steps, List<Runbook.Step> rollback) {
    }

    /** The runbook of {@code spec} in {@code environment}; {@code specFile} is how its commands name the spec. */
    public static SpecRunbook generate(DeploymentSpec spec, String environment, String specFile) {
        EnvironmentSpec env = spec.forEnvironment(environment);
        String ns = env.namespace();
        String name = spec.name();
        String kind = spec.stateful() ? "statefulset" : "deployment";
        String ref = kind + "/" + name;
        String file = specFile;
        List<Procedure> out = new ArrayList<>();
        out.add(deploy(spec, env, ref, kind, name, ns, file));
        out.add(verify(spec, env, ref, name, ns));
        out.add(scale(spec, env, ref, kind, name, ns));
        out.add(failureModes(spec, ref, name, ns));
        if (!spec.dependencies().isEmpty()) out.add(dependencies(spec, ns));
        return new SpecRunbook(name, environment, ns, out);
    }

    private static Procedure deploy(DeploymentSpec spec, EnvironmentSpec env, String ref, String kind, String name,
                                    String ns, String file) {
        List<Runbook.Step> steps = new ArrayList<>();
        steps.add(step("Validate the spec and render this environment's objects (no cluster needed)",
                "aiops spec validate " + file));
        steps.add(step("Record the revision now running: the rollback goes back to it",
                "kubectl rollout history " + ref + " -n " + ns));
        steps.add(step("Save the live object before changing it", "kubectl get " + kind + " " + name + " -n " + ns
                + " -o yaml > before-" + kind + "-" + name + ".yaml"));
        for (DeploymentSpec.SourceRef c : spec.configMaps()) {
            steps.add(step("Save ConfigMap " + c.name() + " before changing it", "kubectl get configmap " + c.name()
                    + " -n " + ns + " -o yaml > before-configmap-" + c.name() + ".yaml"));
        }
        for (Dependency d : spec.dependencies()) {
            steps.add(new Runbook.Step("Check that " + d.name() + " (" + d.kind() + ") answers before deploying: "
                    + d.check(), null, false));
        }
        for (Migration m : spec.migrations()) {
            steps.add(new Runbook.Step("Run data migration " + m.name() + ": " + m.description()
                    + (m.reversible() ? " (reversible)" : " — IRREVERSIBLE: point of no return. " + m.pointOfNoReturn()
                    + " Take a backup first and get a second person's go-ahead."), null, false));
        }
        steps.add(step("Apply the rendered objects (from aiops spec render " + file + " --env " + env.environment()
                + " -o rendered/" + env.environment() + ")", "kubectl apply -f rendered/" + env.environment()
                + " -n " + ns));
        int deadline = spec.rollout() != null && spec.rollout().progressDeadlineSeconds() != null
                ? spec.rollout().progressDeadlineSeconds() : 600;
        steps.add(step("Wait for the rollout to finish within the progress deadline", "kubectl rollout status "
                + ref + " -n " + ns + " --timeout=" + deadline + "s"));
        List<Runbook.Step> rollback = new ArrayList<>();
        Rollout.RollbackTriggers t = spec.rollout() == null ? null : spec.rollout().rollbackTriggers();
        if (t != null) {
            rollback.add(new Runbook.Step("Roll back when, over " + t.window() + ", "
                    + (t.errorRatePercent() != null ? "the error rate passes " + t.errorRatePercent() + "%" : "")
                    + (t.errorRatePercent() != null && t.p99LatencyMs() != null ? " or " : "")
                    + (t.p99LatencyMs() != null ? "p99 latency passes " + t.p99LatencyMs() + " ms" : "")
                    + ", or the rollout misses its deadline", null, false));
        }
        rollback.add(step("Undo the rollout to the revision recorded before deploying (add --to-revision=N with the"
                + " number from the history)", "kubectl rollout undo " + ref + " -n " + ns));
        rollback.add(step("Wait for the old revision to be back", "kubectl rollout status " + ref + " -n " + ns
                + " --timeout=" + deadline + "s"));
        for (DeploymentSpec.SourceRef c : spec.configMaps()) {
            rollback.add(step("Restore ConfigMap " + c.name() + " as it was", "kubectl apply -f before-configmap-"
                    + c.name() + ".yaml"));
        }
        for (Migration m : spec.migrations()) {
            rollback.add(new Runbook.Step(m.reversible() ? "Revert data migration " + m.name() + " (reversible): "
                    + m.description() : "Data migration " + m.name() + " cannot be reverted: " + m.pointOfNoReturn()
                    + " An image older than the migration may not run against the migrated data.", null, false));
        }
        return new Procedure("Deploy", "Roll out the spec to " + env.environment() + " (" + ns + ")", steps, rollback);
    }

    private static Procedure verify(DeploymentSpec spec, EnvironmentSpec env, String ref, String name, String ns) {
        List<Runbook.Step> steps = new ArrayList<>();
        steps.add(step("The rollout is complete", "kubectl rollout status " + ref + " -n " + ns));
        steps.add(step("Every pod is running and ready", "kubectl get pods -n " + ns + " -l "
                + "app.kubernetes.io/name=" + name + " -o wide"));
        steps.add(step("The Service has ready endpoints", "kubectl get endpoints " + name + " -n " + ns));
        steps.add(step("No problem is found in the namespace", "aiops diagnose -n " + ns));
        if (spec.slos() != null && spec.slos().availability() != null) {
            double objective = spec.slos().availability().objective();
            steps.add(new Runbook.Step(String.format(Locale.ROOT, "The availability SLO holds: at least %s%% of"
                    + " requests succeed over %s (the %s-availability burn-rate alerts are not firing)", trim(objective),
                    spec.slos().windowOrDefault(), name), null, false));
        }
        if (spec.slos() != null && spec.slos().latency() != null) {
            steps.add(new Runbook.Step("The latency SLO holds: p" + trim(spec.slos().latency().percentile()) + " under "
                    + spec.slos().latency().thresholdMs() + " ms", null, false));
        }
        return new Procedure("Verify", "Check that " + name + " is healthy in " + env.environment(), steps, List.of());
    }

    private static Procedure scale(DeploymentSpec spec, EnvironmentSpec env, String ref, String kind, String name,
                                   String ns) {
        List<Runbook.Step> steps = new ArrayList<>();
        List<Runbook.Step> rollback = new ArrayList<>();
        if (env.autoscaling() != null) {
            steps.add(step("See what the autoscaler decides and why", "kubectl describe hpa " + name + " -n " + ns));
            int max = env.autoscaling().maxReplicas();
            steps.add(step("Raise the autoscaler's ceiling for a load peak (here to twice the spec's " + max + ")",
                    "kubectl patch hpa " + name + " -n " + ns + " --type merge -p '{\"spec\":{\"maxReplicas\":"
                            + (2 * max) + "}}'"));
            rollback.add(step("Restore the spec's ceiling", "kubectl patch hpa " + name + " -n " + ns
                    + " --type merge -p '{\"spec\":{\"maxReplicas\":" + max + "}}'"));
        } else {
            steps.add(step("Scale out by hand (the spec runs " + env.replicas() + ")", "kubectl scale " + ref + " -n "
                    + ns + " --replicas=" + (env.replicas() + 1)));
            rollback.add(step("Back to the spec's count", "kubectl scale " + ref + " -n " + ns + " --replicas="
                    + env.replicas()));
        }
        steps.add(step("Wait for the new pods to be ready", "kubectl rollout status " + ref + " -n " + ns));
        return new Procedure("Scale", "Add capacity to " + name + " (" + kind + ")", steps, rollback);
    }

    private static Procedure failureModes(DeploymentSpec spec, String ref, String name, String ns) {
        String selector = "app.kubernetes.io/name=" + name;
        List<Runbook.Step> steps = new ArrayList<>();
        steps.add(step("CrashLoopBackOff: the container exits; read why from its previous run", "kubectl logs -n "
                + ns + " -l " + selector + " --previous --tail=100"));
        steps.add(step("OOMKilled: the container passed its memory limit; see the last termination",
                "kubectl get pods -n " + ns + " -l " + selector
                        + " -o jsonpath='{range .items[*]}{.metadata.name} {.status.containerStatuses[*].lastState.terminated.reason}{\"\\n\"}{end}'"));
        steps.add(step("ImagePullBackOff: the image " + spec.image().reference() + " cannot be pulled",
                "kubectl get events -n " + ns + " --field-selector reason=Failed"));
        steps.add(step("Probes failing (Unhealthy): liveness restarts or readiness removes endpoints",
                "kubectl get events -n " + ns + " --field-selector reason=Unhealthy"));
        steps.add(step("Pending: no node has room for the requests", "kubectl get events -n " + ns
                + " --field-selector reason=FailedScheduling"));
        steps.add(step("The rollout is stuck past its progress deadline", "kubectl describe " + ref.replace('/', ' ')
                + " -n " + ns));
        if (spec.stateful()) {
            steps.add(step("A volume claim is not bound", "kubectl get pvc -n " + ns + " -l " + selector));
        }
        steps.add(step("The Service selects no ready pod", "kubectl get endpoints " + name + " -n " + ns));
        steps.add(step("All of the above at once, with root causes", "aiops diagnose -n " + ns));
        return new Procedure("Failure modes", "What the diagnosis knows can go wrong with a "
                + (spec.stateful() ? "stateful" : "stateless") + " workload, and the command that checks each",
                steps, List.of());
    }

    private static Procedure dependencies(DeploymentSpec spec, String ns) {
        List<Runbook.Step> steps = new ArrayList<>();
        for (Dependency d : spec.dependencies()) {
            String tcp = d.check() == null ? null : d.check().tcp();
            String host = tcp == null ? null : tcp.substring(0, tcp.lastIndexOf(':') > 0 ? tcp.lastIndexOf(':')
                    : tcp.length());
            if (host != null && !host.contains(".")) {
                steps.add(step(d.name() + " (" + d.kind() + "): its Service in " + ns + " has ready endpoints",
                        "kubectl get endpoints " + host + " -n " + ns));
            } else {
                steps.add(new Runbook.Step(d.name() + " (" + d.kind() + "): check " + d.check() + " from inside the"
                        + " cluster", null, false));
            }
        }
        return new Procedure("Dependencies", "What " + spec.name() + " needs to work", steps, List.of());
    }

    private static Runbook.Step step(String description, String command) {
        return new Runbook.Step(description, command, false);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
