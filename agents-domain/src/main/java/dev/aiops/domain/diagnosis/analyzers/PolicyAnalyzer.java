package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.Analyzer;
import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.FindingDraft;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.domain.diagnosis.SeverityRules;
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Workloads that break the standards teams commonly enforce (Kyverno/Gatekeeper baseline, Pod Security
 * Standards, production readiness): requests and limits, probes, privileged or root containers, {@code :latest}
 * tags, secrets in literal environment values, surge settings, revision history, and a PodDisruptionBudget for
 * multi-replica Deployments in production. One finding per workload, {@code info} or {@code low} unless its pods
 * were evicted or OOM-killed for the requests and limits it lacks; system namespaces are skipped.
 */
public final class PolicyAnalyzer implements Analyzer {

    private static final Set<String> SYSTEM = Set.of("kube-system", "kube-public", "kube-node-lease");
    /** Names of variables that hold a secret: DB_PASSWORD, PGPASSWORD, API_TOKEN, STRIPE_API_KEY (not TOKEN_URL). */
    private static final Pattern SECRET_VARIABLE = Pattern.compile(
            "(?i).*(password|passwd|token|secret|api_?key|private_?key|access_?key|secret_?key|credentials?)");

    @Override
    public String name() {
        return "policy";
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        List<Finding> out = new ArrayList<>();
        for (String kind : new String[] {"Deployment", "StatefulSet", "DaemonSet"}) {
            for (JsonNode w : index.objects(kind)) {
                if (SYSTEM.contains(K8s.namespace(w))) continue;
                Finding f = check(index, w);
                if (f != null) out.add(f);
            }
        }
        return out;
    }

    private static Finding check(ClusterIndex index, JsonNode w) {
        List<String> security = new ArrayList<>();
        List<String> hygiene = new ArrayList<>();
        JsonNode podSpec = w.path("spec").path("template").path("spec");
        boolean podNonRoot = podSpec.path("securityContext").path("runAsNonRoot").asBoolean(false);
        boolean resources = false;
        for (JsonNode c : podSpec.path("containers")) {
            String name = c.path("name").asString();
            JsonNode res = c.path("resources");
            if (!res.path("requests").has("cpu") || !res.path("requests").has("memory")) {
                hygiene.add("container " + name + " sets no cpu/memory requests");
                resources = true;
            }
            if (!res.path("limits").has("memory")) {
                hygiene.add("container " + name + " sets no memory limit");
                resources = true;
            }
            if (!c.has("livenessProbe")) hygiene.add("container " + name + " has no livenessProbe");
            if (!c.has("readinessProbe") && !K8s.kind(w).equals("DaemonSet")) {
                hygiene.add("container " + name + " has no readinessProbe");
            }
            String image = c.path("image").asString("");
            String tag = image.contains("@") ? "digest" : image.lastIndexOf(':') > image.lastIndexOf('/')
                    ? image.substring(image.lastIndexOf(':') + 1) : "latest";
            if (tag.equals("latest")) security.add("container " + name + " uses the mutable tag :latest (" + image + ")");
            JsonNode sc = c.path("securityContext");
            if (sc.path("privileged").asBoolean(false)) security.add("container " + name + " is privileged");
            boolean rootUser = sc.has("runAsUser") ? sc.path("runAsUser").asInt(-1) == 0
                    : podSpec.path("securityContext").path("runAsUser").asInt(-1) == 0;
            if (rootUser && !podNonRoot) security.add("container " + name + " runs as root (runAsUser 0)");
            if (sc.path("allowPrivilegeEscalation").asBoolean(false)) {
                security.add("container " + name + " allows privilege escalation");
            }
            for (JsonNode e : c.path("env")) {
                String var = e.path("name").asString("");
                if (!e.path("value").asString("").isEmpty() && SECRET_VARIABLE.matcher(var).matches()) {
                    security.add("container " + name + " sets " + var + " to a literal value (reference a Secret:"
                            + " valueFrom.secretKeyRef)");
                }
            }
        }
        if (K8s.kind(w).equals("Deployment")) {
            JsonNode ru = w.path("spec").path("strategy").path("rollingUpdate");
            for (String f : new String[] {"maxUnavailable", "maxSurge"}) {
                String v = ru.path(f).asString(null);
                if (v != null && v.endsWith("%") && Integer.parseInt(v.substring(0, v.length() - 1).trim()) > 25) {
                    hygiene.add(f + " " + v + " is over 25%");
                }
            }
            int replicas = w.path("spec").path("replicas").asInt(1);
            if (replicas > 1 && production(w) && !coveredByPdb(index, w)) {
                hygiene.add(replicas + " replicas in production but no PodDisruptionBudget");
            }
        }
        JsonNode rhl = w.path("spec").get("revisionHistoryLimit");
        if (rhl != null && rhl.asInt(10) > 10) hygiene.add("revisionHistoryLimit " + rhl.asInt() + " is over 10");
        if (security.isEmpty() && hygiene.isEmpty()) return null;
        ObjectRef ref = ObjectRef.of(w);
        List<String> all = new ArrayList<>(security);
        all.addAll(hygiene);
        // breaking a policy is latent; only resources the pods were evicted or OOM-killed for tie it to a symptom
        Evidence tie = resources ? resourceSymptom(index, ref) : null;
        Symptom symptom = tie == null ? Symptom.NONE : SeverityRules.worst(Symptom.WARNING, SeverityRules.ofReplicas(
                w.path("status").path("readyReplicas").asInt(w.path("status").path("numberReady").asInt(0)),
                w.path("spec").path("replicas").asInt(w.path("status").path("desiredNumberScheduled").asInt(1))));
        Severity severity = SeverityRules.severity(Problem.HYGIENE, symptom);
        if (!security.isEmpty()) severity = worse(severity, SeverityRules.severity(Problem.MISCONFIGURATION, Symptom.NONE));
        FindingDraft d = FindingDraft.of(Category.PolicyViolation, severity, ref)
                .summary("PolicyViolation: " + ref + " breaks " + all.size() + " workload polic"
                        + (all.size() == 1 ? "y" : "ies") + ": " + all.get(0))
                .rootCause(String.join("; ", all));
        all.forEach(v -> d.evidence(Evidence.spec(v)));
        d.evidence(tie);
        d.remediate(Remediation.command("Review the pod template", "kubectl get " + K8s.kind(w).toLowerCase() + " "
                + ref.name() + " -n " + ref.namespace() + " -o yaml"));
        return d.build();
    }

    private static Severity worse(Severity a, Severity b) {
        return a.atLeast(b) ? a : b;
    }

    /** A pod of the workload evicted, or a container OOM-killed: what missing requests and limits lead to. */
    private static Evidence resourceSymptom(ClusterIndex index, ObjectRef workload) {
        for (JsonNode pod : index.podsOf(workload)) {
            JsonNode status = pod.path("status");
            if ("Evicted".equals(status.path("reason").asString(""))) {
                return Evidence.status("pod " + K8s.name(pod) + " was evicted: " + status.path("message").asString(""));
            }
            for (JsonNode cs : status.path("containerStatuses")) {
                for (String state : new String[] {"state", "lastState"}) {
                    if ("OOMKilled".equals(cs.path(state).path("terminated").path("reason").asString(""))) {
                        return Evidence.status("container " + cs.path("name").asString() + " of pod " + K8s.name(pod)
                                + " was OOMKilled");
                    }
                }
            }
        }
        return null;
    }

    private static boolean production(JsonNode w) {
        String env = K8s.label(w, "environment") != null ? K8s.label(w, "environment") : K8s.label(w, "env");
        return (env != null && env.startsWith("prod")) || K8s.namespace(w).contains("prod");
    }

    private static boolean coveredByPdb(ClusterIndex index, JsonNode w) {
        JsonNode labels = w.path("spec").path("template").path("metadata").path("labels");
        for (JsonNode pdb : index.snapshot().objects("PodDisruptionBudget", K8s.namespace(w))) {
            if (ClusterIndex.matchesSelector(labels, pdb.path("spec").path("selector"))) return true;
        }
        return false;
    }
}
