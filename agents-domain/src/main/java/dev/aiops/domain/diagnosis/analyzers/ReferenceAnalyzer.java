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
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.ClusterSnapshot.Coverage;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * In manifests (a GitOps folder, a rendered chart), what the pod templates refer to that the manifests do not
 * hold: ConfigMaps and Secrets (and their keys) in environment variables and volumes, PersistentVolumeClaims and
 * ServiceAccounts. A key missing from a ConfigMap or Secret the manifests define is certain to fail ({@code high}).
 * A missing object is looked for only where the manifests hold objects of its kind in its namespace (as the Ingress
 * and storage checks do): manifests without any Secret get theirs from elsewhere, while a ConfigMap missing beside
 * others is most likely forgotten or misspelt ({@code medium}). References marked {@code optional}, the namespace's
 * {@code kube-root-ca.crt} and the {@code default} ServiceAccount are left alone. On a running cluster the pods'
 * own state says this better, so this analyzer reads manifests only.
 */
public final class ReferenceAnalyzer implements Analyzer {

    private static final String[] WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job",
            "CronJob", "Pod"};
    /** Kinds of other tools that produce a Secret of their name (or of spec.target.name). */
    private static final String[] SECRET_MAKERS = {"SealedSecret", "ExternalSecret"};

    /** What is wrong with one workload, per category. */
    private record Problem(Category category, Severity severity, String cause, String spec) {
    }

    @Override
    public String name() {
        return "references";
    }

    @Override
    public Set<Coverage> coverage() {
        return EnumSet.of(Coverage.MANIFESTS);
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        List<Finding> out = new ArrayList<>();
        for (String kind : WORKLOADS) {
            for (JsonNode w : index.objects(kind)) {
                JsonNode podSpec = podSpec(w);
                if (!podSpec.isObject()) continue;
                List<Problem> problems = new ArrayList<>();
                check(index, K8s.namespace(w), podSpec, problems);
                Map<Category, List<Problem>> byCategory = new LinkedHashMap<>();
                for (Problem p : problems) byCategory.computeIfAbsent(p.category(), c -> new ArrayList<>()).add(p);
                byCategory.forEach((category, list) -> out.add(finding(w, category, list)));
            }
        }
        return out;
    }

    static JsonNode podSpec(JsonNode w) {
        return switch (K8s.kind(w)) {
            case "Pod" -> w.path("spec");
            case "CronJob" -> w.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
            default -> w.path("spec").path("template").path("spec");
        };
    }

    private static void check(ClusterIndex index, String ns, JsonNode podSpec, List<Problem> out) {
        for (String field : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : podSpec.path(field)) {
                String container = c.path("name").asString("?");
                for (JsonNode from : c.path("envFrom")) {
                    object(index, ns, "ConfigMap", from.path("configMapRef"), null, "container " + container
                            + " envFrom", Category.ContainerConfigError, out);
                    object(index, ns, "Secret", from.path("secretRef"), null, "container " + container + " envFrom",
                            Category.ContainerConfigError, out);
                }
                for (JsonNode env : c.path("env")) {
                    JsonNode valueFrom = env.path("valueFrom");
                    String var = "container " + container + " env " + env.path("name").asString("?");
                    object(index, ns, "ConfigMap", valueFrom.path("configMapKeyRef"), "key", var,
                            Category.ContainerConfigError, out);
                    object(index, ns, "Secret", valueFrom.path("secretKeyRef"), "key", var,
                            Category.ContainerConfigError, out);
                }
            }
        }
        for (JsonNode v : podSpec.path("volumes")) {
            String volume = "volume " + v.path("name").asString("?");
            object(index, ns, "ConfigMap", v.path("configMap"), null, volume, Category.VolumeMountError, out);
            secretVolume(index, ns, v.path("secret"), volume, out);
            for (JsonNode source : v.path("projected").path("sources")) {
                object(index, ns, "ConfigMap", source.path("configMap"), null, volume, Category.VolumeMountError, out);
                object(index, ns, "Secret", source.path("secret"), null, volume, Category.VolumeMountError, out);
            }
            String claim = K8s.text(v.path("persistentVolumeClaim").get("claimName"));
            if (claim != null && held(index, "PersistentVolumeClaim", ns)
                    && index.get("PersistentVolumeClaim", ns, claim) == null) {
                out.add(missing("PersistentVolumeClaim", claim, ns, volume + ": persistentVolumeClaim.claimName "
                        + claim, Category.Unschedulable, "the pods stay Pending"));
            }
        }
        String sa = K8s.text(podSpec.get("serviceAccountName"));
        if (sa == null) sa = K8s.text(podSpec.get("serviceAccount"));
        if (sa != null && !sa.equals("default") && held(index, "ServiceAccount", ns)
                && index.get("ServiceAccount", ns, sa) == null) {
            out.add(missing("ServiceAccount", sa, ns, "serviceAccountName: " + sa, Category.PodCreationFailed,
                    "no pod can be created"));
        }
    }

    private static void secretVolume(ClusterIndex index, String ns, JsonNode secret, String where, List<Problem> out) {
        if (!secret.isObject()) return;
        String name = K8s.text(secret.get("secretName"));
        if (name == null || secret.path("optional").asBoolean(false) || !held(index, "Secret", ns)
                || secretExists(index, ns, name)) {
            return;
        }
        out.add(missing("Secret", name, ns, where + ": secret.secretName " + name, Category.VolumeMountError,
                "the pods cannot start"));
    }

    /** A reference {@code {name, key?, optional?}} to a ConfigMap or Secret. */
    private static void object(ClusterIndex index, String ns, String kind, JsonNode ref, String keyField, String where,
                               Category category, List<Problem> out) {
        String name = ref.isObject() ? K8s.text(ref.get("name")) : null;
        if (name == null || ref.path("optional").asBoolean(false)) return;
        if (kind.equals("ConfigMap") && name.equals("kube-root-ca.crt")) return;
        JsonNode target = index.get(kind, ns, name);
        if (target == null) {
            if (!held(index, kind, ns) || kind.equals("Secret") && secretExists(index, ns, name)) return;
            out.add(missing(kind, name, ns, where + ": " + kind + " " + name, category, "the pods cannot start"));
            return;
        }
        String key = keyField == null ? null : K8s.text(ref.get(keyField));
        if (key != null && !hasKey(target, key)) {
            out.add(new Problem(category, SeverityRules.severity(SeverityRules.Problem.MISCONFIGURATION, Symptom.DEGRADED), kind + " " + name + " has no key " + key + " (it has "
                    + keys(target) + ")", where + ": " + kind + " " + name + " key " + key));
        }
    }

    private static Problem missing(String kind, String name, String ns, String spec, Category category,
                                   String consequence) {
        return new Problem(category, SeverityRules.severity(SeverityRules.Problem.MISCONFIGURATION, Symptom.WARNING), kind + " " + name + " is not defined in the manifests, which"
                + " define other " + kind + "s in namespace " + ns + ": " + consequence + " unless it exists there", spec);
    }

    /** Whether the manifests hold objects of {@code kind} in {@code ns}: only then is a missing one an omission. */
    private static boolean held(ClusterIndex index, String kind, String ns) {
        if (!index.snapshot().objects(kind, ns).isEmpty()) return true;
        if (!kind.equals("Secret")) return false;
        for (String maker : SECRET_MAKERS) {
            if (!index.snapshot().objects(maker, ns).isEmpty()) return true;
        }
        return false;
    }

    private static boolean secretExists(ClusterIndex index, String ns, String name) {
        if (index.get("Secret", ns, name) != null) return true;
        for (String kind : SECRET_MAKERS) {
            for (JsonNode maker : index.snapshot().objects(kind, ns)) {
                String target = maker.path("spec").path("target").path("name").asString(K8s.name(maker));
                if (name.equals(target) || name.equals(K8s.name(maker))) return true;
            }
        }
        return false;
    }

    private static boolean hasKey(JsonNode object, String key) {
        for (String field : new String[] {"data", "binaryData", "stringData"}) {
            if (object.path(field).has(key)) return true;
        }
        return false;
    }

    private static List<String> keys(JsonNode object) {
        List<String> out = new ArrayList<>();
        for (String field : new String[] {"data", "binaryData", "stringData"}) {
            for (Map.Entry<String, JsonNode> e : object.path(field).properties()) out.add(e.getKey());
        }
        return out;
    }

    private static Finding finding(JsonNode w, Category category, List<Problem> problems) {
        ObjectRef ref = ObjectRef.of(w);
        Severity severity = problems.stream().map(Problem::severity).min(Enum::compareTo).orElse(SeverityRules.severity(SeverityRules.Problem.MISCONFIGURATION, Symptom.WARNING));
        List<String> causes = problems.stream().map(Problem::cause).distinct().toList();
        FindingDraft d = FindingDraft.of(category, severity, ref)
                .summary(category + ": " + ref + " refers to " + (causes.size() == 1 ? "an object or key" : causes.size()
                        + " objects or keys") + " the manifests do not define: " + causes.get(0))
                .rootCause(String.join("; ", causes));
        problems.forEach(p -> d.evidence(Evidence.spec(p.spec())));
        d.remediate(Remediation.advice("Add the missing object (or key) to the manifests, or correct the reference"));
        return d.build();
    }
}
