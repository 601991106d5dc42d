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
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.ClusterSnapshot.Coverage;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Services that route nowhere: a selector that matches no pod (and the label the pods actually carry), pods
 * that match but are not ready (and why), a targetPort no container opens. ExternalName Services, Services
 * without a selector and headless Services with no pods are left alone.
 */
public final class ServiceAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "services";
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        List<Finding> out = new ArrayList<>();
        for (JsonNode svc : index.objects("Service")) {
            JsonNode spec = svc.path("spec");
            JsonNode selector = spec.path("selector");
            if ("ExternalName".equals(spec.path("type").asString("")) || !selector.isObject() || selector.isEmpty()) {
                continue;
            }
            String ns = K8s.namespace(svc);
            ObjectRef ref = ObjectRef.of(svc);
            boolean headless = "None".equals(spec.path("clusterIP").asString(""));
            if (index.snapshot().coverage() == Coverage.MANIFESTS) {
                manifests(index, svc, ref, selector, headless, out);
                continue;
            }
            List<JsonNode> pods = live(index.podsMatching(ns, selector));
            if (pods.isEmpty()) {
                noPods(index, svc, ref, selector, headless, out);
                continue;
            }
            List<JsonNode> ready = pods.stream().filter(ServiceAnalyzer::ready).toList();
            if (ready.isEmpty()) {
                notReady(index, svc, ref, pods, out);
            }
            targetPorts(svc, ref, pods, out);
        }
        return out;
    }

    private static void noPods(ClusterIndex index, JsonNode svc, ObjectRef ref, JsonNode selector, boolean headless,
                               List<Finding> out) {
        String ns = ref.namespace();
        String sel = selectorText(selector);
        JsonNode scaledToZero = workloadWithTemplate(index, ns, selector);
        if (scaledToZero != null) {
            return; // its workload is intentionally scaled to 0: not a problem
        }
        if (manifestsOnly(index) && workloadCreating(index, ns, selector)) {
            return; // manifests (a chart rendered, a GitOps folder): no pods run yet, and a workload will create them
        }
        if (headless) return;
        List<String> near = nearMisses(index, ns, selector);
        FindingDraft d = FindingDraft.of(Category.ServiceNoEndpoints, Problem.MISCONFIGURATION, Symptom.DOWN, ref)
                .summary("ServiceNoEndpoints: Service " + ns + "/" + ref.name() + " has no endpoints: selector " + sel
                        + " matches no pod")
                .evidence(Evidence.spec("selector " + sel))
                .evidence(Evidence.status("no pod in namespace " + ns + " carries " + sel));
        if (!near.isEmpty()) {
            String cause = "selector " + sel + " matches no pod; " + String.join("; ", near);
            d.rootCause(cause).evidence(Evidence.related(String.join("; ", near)));
            out.add(FindingDraft.of(Category.ServiceMisconfigured, Problem.MISCONFIGURATION, Symptom.DOWN, ref)
                    .summary("ServiceMisconfigured: selector of Service " + ns + "/" + ref.name()
                            + " does not match its pods' labels")
                    .rootCause(cause)
                    .evidence(Evidence.spec("selector " + sel)).evidence(Evidence.related(String.join("; ", near)))
                    .remediate(Remediation.command("Make the selector match the pods' labels",
                            "kubectl patch service " + ref.name() + " -n " + ns + " --type merge -p '{\"spec\":{\"selector\":"
                                    + "{<label>: <value>}}}'"))
                    .build());
        } else {
            d.rootCause("selector " + sel + " matches no pod in namespace " + ns
                    + " and no workload there creates such pods");
        }
        d.remediate(Remediation.command("Compare the selector with pod labels",
                "kubectl get pods -n " + ns + " --show-labels"));
        out.add(d.build());
    }

    /**
     * Manifests: the pods are templates of workloads (or bare Pods with no status), so there are no endpoints to
     * count; the selector must match a template, and the target ports must be ones the templates open.
     */
    private static void manifests(ClusterIndex index, JsonNode svc, ObjectRef ref, JsonNode selector, boolean headless,
                                  List<Finding> out) {
        String ns = ref.namespace();
        List<JsonNode> templates = new ArrayList<>();
        List<Labelled> candidates = new ArrayList<>();
        for (String kind : new String[] {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"}) {
            for (JsonNode w : index.snapshot().objects(kind, ns)) {
                JsonNode template = kind.equals("Pod") ? w : kind.equals("CronJob")
                        ? w.path("spec").path("jobTemplate").path("spec").path("template") : w.path("spec").path("template");
                JsonNode labels = template.path("metadata").path("labels");
                if (ClusterIndex.matches(labels, selector)) templates.add(template);
                candidates.add(new Labelled(labels, kind.equals("Pod") ? "pod " + K8s.name(w)
                        : "the pod template of " + kind + " " + K8s.name(w)));
            }
        }
        if (!templates.isEmpty()) {
            targetPorts(svc, ref, templates, out);
            return;
        }
        if (headless) return;
        String sel = selectorText(selector);
        List<String> near = nearMisses(candidates, selector);
        String cause = "selector " + sel + " matches no pod template among the manifests in namespace " + ns
                + (near.isEmpty() ? "" : "; " + String.join("; ", near));
        FindingDraft d = FindingDraft.of(Category.ServiceMisconfigured, Problem.MISCONFIGURATION,
                near.isEmpty() ? Symptom.WARNING : Symptom.DEGRADED, ref)
                .summary("ServiceMisconfigured: selector of Service " + ns + "/" + ref.name()
                        + " matches no pod template among the manifests")
                .rootCause(cause)
                .evidence(Evidence.spec("selector " + sel));
        if (!near.isEmpty()) d.evidence(Evidence.related(String.join("; ", near)));
        out.add(d.remediate(Remediation.advice("Make the selector match the labels of the pod template it should"
                + " route to")).build());
    }

    private static void notReady(ClusterIndex index, JsonNode svc, ObjectRef ref, List<JsonNode> pods,
                                 List<Finding> out) {
        String ns = ref.namespace();
        Set<String> reasons = new LinkedHashSet<>();
        List<ObjectRef> related = new ArrayList<>();
        for (JsonNode pod : pods) {
            related.add(ObjectRef.of(pod));
            for (PodProblem p : PodChecks.all(index, pod)) reasons.add(p.rootCause());
        }
        String why = reasons.isEmpty() ? "its pods are not ready" : "its pods are not ready: " + reasons.iterator().next();
        FindingDraft d = FindingDraft.of(Category.ServiceNoEndpoints, Problem.FAILURE, Symptom.DOWN, ref)
                .summary("ServiceNoEndpoints: Service " + ns + "/" + ref.name() + " has no ready endpoints ("
                        + pods.size() + " matching pod" + (pods.size() == 1 ? "" : "s") + ", none ready)")
                .rootCause(why)
                .evidence(Evidence.status(pods.size() + " pods match selector " + selectorText(svc.path("spec")
                        .path("selector")) + ", 0 ready"));
        JsonNode ep = index.get("Endpoints", ns, ref.name());
        if (ep != null) {
            int notReady = 0;
            for (JsonNode subset : ep.path("subsets")) notReady += subset.path("notReadyAddresses").size();
            d.evidence(Evidence.status("Endpoints " + ref.name() + ": 0 ready addresses, " + notReady + " not ready"));
        }
        reasons.stream().skip(1).limit(3).forEach(r -> d.evidence(Evidence.related(r)));
        related.stream().limit(5).forEach(d::related);
        ObjectRef owner = pods.isEmpty() ? null : index.ownerOf(pods.get(0));
        if (owner != null) d.related(owner);
        d.remediate(Remediation.command("See why the pods are not ready", "kubectl describe pods -n " + ns + " -l "
                + selectorText(svc.path("spec").path("selector")).replace(" ", "")));
        out.add(d.build());
    }

    private static void targetPorts(JsonNode svc, ObjectRef ref, List<JsonNode> pods, List<Finding> out) {
        Set<String> numbers = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode pod : pods) {
            for (JsonNode c : pod.path("spec").path("containers")) {
                for (JsonNode p : c.path("ports")) {
                    numbers.add(p.path("containerPort").asString());
                    if (p.has("name")) names.add(p.path("name").asString());
                }
            }
        }
        if (numbers.isEmpty()) return; // containers that declare no ports may still listen anywhere
        for (JsonNode port : svc.path("spec").path("ports")) {
            JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.get("port");
            String t = target == null ? null : target.asString();
            if (t == null) continue;
            boolean numeric = t.chars().allMatch(Character::isDigit);
            if ((numeric && !numbers.contains(t)) || (!numeric && !names.contains(t))) {
                // every connection to this port is refused now: a route to nowhere, not a latent risk
                out.add(FindingDraft.of(Category.ServiceMisconfigured, Problem.MISCONFIGURATION, Symptom.DOWN, ref)
                        .summary("ServiceMisconfigured: Service " + ref.namespace() + "/" + ref.name() + " sends port "
                                + port.path("port").asString() + " to targetPort " + t + ", which its pods do not open")
                        .rootCause("targetPort " + t + " of Service " + ref.name() + " matches no container port; the pods"
                                + " expose " + numbers + (names.isEmpty() ? "" : " (named " + names + ")"))
                        .evidence(Evidence.spec("port " + port.path("port").asString() + " -> targetPort " + t))
                        .evidence(Evidence.related("containerPorts of matching pods: " + numbers))
                        .remediate(Remediation.command("Point targetPort at the port the container opens",
                                "kubectl patch service " + ref.name() + " -n " + ref.namespace() + " --type json -p "
                                        + "'[{\"op\":\"replace\",\"path\":\"/spec/ports/0/targetPort\",\"value\":"
                                        + numbers.iterator().next() + "}]'"))
                        .build());
                return;
            }
        }
    }

    /** Labels of a pod or pod template, and how a finding names their owner. */
    private record Labelled(JsonNode labels, String who) {
    }

    /**
     * Pods in the namespace whose label differs from the selector only in value, most similar first: the label the
     * Service was most likely meant to select.
     */
    private static List<String> nearMisses(ClusterIndex index, String ns, JsonNode selector) {
        List<Labelled> pods = new ArrayList<>();
        for (JsonNode pod : index.snapshot().objects("Pod", ns)) {
            ObjectRef owner = index.ownerOf(pod);
            pods.add(new Labelled(pod.path("metadata").path("labels"),
                    owner == null ? "pod " + K8s.name(pod) : "pods of " + owner));
        }
        return nearMisses(pods, selector);
    }

    private static List<String> nearMisses(List<Labelled> candidates, JsonNode selector) {
        record Miss(String text, int distance) {
        }
        List<Miss> misses = new ArrayList<>();
        for (Labelled c : candidates) {
            for (Map.Entry<String, JsonNode> e : selector.properties()) {
                String want = e.getValue().asString();
                String actual = c.labels().path(e.getKey()).asString(null);
                if (actual == null || actual.equals(want)) continue;
                String s = c.who() + " " + (c.who().startsWith("pods ") ? "are" : "is") + " labelled "
                        + e.getKey() + "=" + actual + ", not " + e.getKey() + "=" + want;
                if (misses.stream().noneMatch(m -> m.text.equals(s))) {
                    misses.add(new Miss(s, distance(want, actual)));
                }
            }
        }
        misses.sort(java.util.Comparator.comparingInt(Miss::distance));
        List<String> out = new ArrayList<>();
        for (Miss m : misses) {
            if (m.distance <= misses.get(0).distance && m.distance <= MAX_TYPO_DISTANCE) out.add(m.text);
        }
        return out.size() > 2 ? out.subList(0, 2) : out;
    }

    /** How far a label value may be from the selector's and still count as the one meant (a typo or a suffix). */
    private static final int MAX_TYPO_DISTANCE = 2;

    /** Edit distance, with containment counted as close (orders vs orders-api). */
    static int distance(String a, String b) {
        if (a.contains(b) || b.contains(a)) return Math.abs(a.length() - b.length()) / 4;
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static JsonNode workloadWithTemplate(ClusterIndex index, String ns, JsonNode selector) {
        for (String kind : new String[] {"Deployment", "StatefulSet", "ReplicaSet"}) {
            for (JsonNode w : index.snapshot().objects(kind, ns)) {
                JsonNode labels = w.path("spec").path("template").path("metadata").path("labels");
                if (ClusterIndex.matches(labels, selector) && w.path("spec").path("replicas").asInt(1) == 0) return w;
            }
        }
        return null;
    }

    /** No pod has a status: the objects are manifests, not a running cluster's state. */
    private static boolean manifestsOnly(ClusterIndex index) {
        return index.snapshot().objects("Pod").stream().noneMatch(p -> p.path("status").isObject());
    }

    /** Whether a workload in {@code ns} has a pod template the selector matches (whatever its replicas). */
    private static boolean workloadCreating(ClusterIndex index, String ns, JsonNode selector) {
        for (String kind : new String[] {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"}) {
            for (JsonNode w : index.snapshot().objects(kind, ns)) {
                if (ClusterIndex.matches(w.path("spec").path("template").path("metadata").path("labels"), selector)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<JsonNode> live(List<JsonNode> pods) {
        return pods.stream().filter(p -> {
            String phase = p.path("status").path("phase").asString("");
            return !phase.equals("Succeeded") && !phase.equals("Failed");
        }).toList();
    }

    static boolean ready(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if ("Ready".equals(K8s.text(c.get("type")))) return "True".equals(K8s.text(c.get("status")));
        }
        return false;
    }

    static String selectorText(JsonNode selector) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : selector.properties()) parts.add(e.getKey() + "=" + e.getValue().asString());
        return String.join(", ", parts);
    }
}
