package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.Analyzer;
import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.FindingDraft;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * NetworkPolicies that cut a Service off (deny all ingress to its pods with nothing else allowing it), that
 * allow traffic only from pods that do not exist, or that select no pod at all.
 */
public final class NetworkPolicyAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "networkpolicies";
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        List<Finding> out = new ArrayList<>();
        for (JsonNode np : index.objects("NetworkPolicy")) {
            String ns = K8s.namespace(np);
            ObjectRef ref = ObjectRef.of(np);
            JsonNode spec = np.path("spec");
            JsonNode selector = spec.path("podSelector");
            List<JsonNode> selected = new ArrayList<>();
            for (JsonNode pod : index.snapshot().objects("Pod", ns)) {
                if (ClusterIndex.matchesSelector(pod.path("metadata").path("labels"), selector)) selected.add(pod);
            }
            boolean ingressType = hasType(spec, "Ingress");
            JsonNode ingress = spec.path("ingress");
            if (ingressType && (ingress.isMissingNode() || ingress.isEmpty()) && !selected.isEmpty()) {
                List<String> services = servicesOf(index, ns, selected);
                if (!services.isEmpty() && !allowedByOther(index, np, selected.get(0))) {
                    // the pods stay ready behind the policy: only their clients' failures show the cut
                    Evidence clients = FailingClients.reaching(index, refs(ns, services));
                    out.add(FindingDraft.of(Category.NetworkPolicyIssue, Problem.MISCONFIGURATION,
                                    clients == null ? Symptom.NONE : Symptom.DEGRADED, ref)
                            .summary("NetworkPolicyIssue: NetworkPolicy " + ns + "/" + ref.name()
                                    + " blocks all ingress to the pods of Service " + services.get(0))
                            .rootCause("NetworkPolicy " + ref.name() + " selects " + selected.size()
                                    + " pods with policyTypes Ingress and no ingress rule, and no other policy allows"
                                    + " traffic to them, so Service " + String.join(", ", services) + " is unreachable")
                            .evidence(Evidence.spec("podSelector " + selector + ", ingress: []"))
                            .evidence(Evidence.related("pods behind Service " + String.join(", ", services)))
                            .evidence(clients)
                            .remediate(Remediation.command("Allow the clients that need the Service",
                                    "kubectl edit networkpolicy " + ref.name() + " -n " + ns))
                            .build());
                    continue;
                }
            }
            JsonNode egress = spec.path("egress");
            if (hasType(spec, "Egress") && spec.path("policyTypes").size() > 0 && (egress.isMissingNode() || egress.isEmpty())
                    && !selected.isEmpty()) {
                EgressAllowed others = egressAllowedByOthers(index, np, selected.get(0));
                boolean dnsOnly = !others.ports().isEmpty()
                        && others.ports().stream().allMatch(p -> p.equals("53") || p.equals("dns"));
                // a default deny beside rules for named ports is a normal lock-down; beside DNS alone (or nothing) it
                // starves any pod that talks to anything, which the pods' health or their logs then show
                if (!others.anyPort() && (others.ports().isEmpty() || dnsOnly)) {
                    Evidence failing = FailingClients.among(index, selected);
                    boolean suffering = failing != null || selected.stream().anyMatch(p -> !PodAnalyzer.healthy(p));
                    out.add(egressDenied(ref, selector, spec, selected.size(), others,
                            suffering ? Symptom.DEGRADED : Symptom.NONE).evidence(failing).build());
                }
            }
            for (JsonNode rule : ingress) {
                for (JsonNode from : rule.path("from")) {
                    JsonNode peer = from.path("podSelector");
                    if (peer.isMissingNode() || from.has("namespaceSelector") || peer.isEmpty()) continue;
                    boolean any = false;
                    for (JsonNode pod : index.snapshot().objects("Pod", ns)) {
                        if (ClusterIndex.matchesSelector(pod.path("metadata").path("labels"), peer)) any = true;
                    }
                    if (!any && !selected.isEmpty()) {
                        Evidence clients = FailingClients.reaching(index, refs(ns, servicesOf(index, ns, selected)));
                        out.add(FindingDraft.of(Category.NetworkPolicyIssue, Problem.MISCONFIGURATION,
                                        clients == null ? Symptom.NONE : Symptom.DEGRADED, ref)
                                .evidence(clients)
                                .summary("NetworkPolicyIssue: NetworkPolicy " + ns + "/" + ref.name()
                                        + " allows ingress only from pods that do not exist")
                                .rootCause("ingress is allowed only from pods matching " + peer
                                        + ", and no pod in namespace " + ns + " matches")
                                .evidence(Evidence.spec("ingress.from.podSelector " + peer))
                                .remediate(Remediation.command("Compare the peer selector with pod labels",
                                        "kubectl get pods -n " + ns + " --show-labels"))
                                .build());
                    }
                }
            }
            if (selected.isEmpty() && !selector.isEmpty() && !selector.path("matchLabels").isEmpty()) {
                out.add(FindingDraft.of(Category.NetworkPolicyIssue, Problem.MISCONFIGURATION, Symptom.NONE, ref)
                        .summary("NetworkPolicyIssue: NetworkPolicy " + ns + "/" + ref.name() + " selects no pod")
                        .rootCause("podSelector " + selector + " matches no pod in namespace " + ns
                                + ", so the policy protects nothing")
                        .evidence(Evidence.spec("podSelector " + selector))
                        .build());
            }
        }
        return out;
    }

    private static boolean hasType(JsonNode spec, String type) {
        JsonNode types = spec.path("policyTypes");
        if (types.isMissingNode() || types.isEmpty()) return type.equals("Ingress");
        for (JsonNode t : types) {
            if (type.equals(t.asString())) return true;
        }
        return false;
    }

    private static boolean allowedByOther(ClusterIndex index, JsonNode self, JsonNode pod) {
        for (JsonNode np : index.snapshot().objects("NetworkPolicy", K8s.namespace(self))) {
            if (np == self || np.path("spec").path("ingress").isEmpty()) continue;
            if (ClusterIndex.matchesSelector(pod.path("metadata").path("labels"), np.path("spec").path("podSelector"))) {
                return true;
            }
        }
        return false;
    }

    /** What other policies selecting a pod allow out: some rule with any port, or only these ports, by these policies. */
    private record EgressAllowed(boolean anyPort, List<String> ports, List<String> policies) {
    }

    private static EgressAllowed egressAllowedByOthers(ClusterIndex index, JsonNode self, JsonNode pod) {
        List<String> ports = new ArrayList<>();
        List<String> policies = new ArrayList<>();
        for (JsonNode np : index.snapshot().objects("NetworkPolicy", K8s.namespace(self))) {
            if (np == self || np.path("spec").path("egress").isEmpty()) continue;
            if (!ClusterIndex.matchesSelector(pod.path("metadata").path("labels"), np.path("spec").path("podSelector"))) {
                continue;
            }
            policies.add(K8s.name(np));
            for (JsonNode rule : np.path("spec").path("egress")) {
                // a rule without ports allows every port to its peers: the dependency may well be among them
                if (rule.path("ports").isEmpty()) return new EgressAllowed(true, ports, policies);
                for (JsonNode port : rule.path("ports")) {
                    String p = port.path("port").asString("");
                    if (!p.isEmpty() && !ports.contains(p)) ports.add(p);
                }
            }
        }
        return new EgressAllowed(false, ports, policies);
    }

    private static FindingDraft egressDenied(ObjectRef ref, JsonNode selector, JsonNode spec, int pods,
                                             EgressAllowed others, Symptom symptom) {
        String ns = ref.namespace();
        String blocked = others.ports().isEmpty() ? "all egress, DNS included,"
                : "all egress but DNS (port" + (others.ports().size() == 1 ? " " : "s ") + String.join(", ", others.ports())
                        + ")";
        FindingDraft d = FindingDraft.of(Category.NetworkPolicyIssue, Problem.MISCONFIGURATION, symptom, ref)
                .summary("NetworkPolicyIssue: NetworkPolicy " + ns + "/" + ref.name() + " blocks " + blocked + " from "
                        + pods + " pod" + (pods == 1 ? "" : "s"))
                .rootCause("NetworkPolicy " + ref.name() + " selects pods " + selector + " with policyTypes Egress and no"
                        + " egress rule" + (others.policies().isEmpty()
                        ? ", so they cannot reach DNS (port 53) or any dependency"
                        : ", and " + String.join(", ", others.policies()) + " allow" + (others.policies().size() == 1
                        ? "s" : "") + " only port" + (others.ports().size() == 1 ? " " : "s ")
                        + String.join(", ", others.ports()) + ", so every other dependency is unreachable"))
                .evidence(Evidence.spec("podSelector " + selector + ", policyTypes " + spec.path("policyTypes")
                        + ", egress: []"));
        if (!others.policies().isEmpty()) {
            d.evidence(Evidence.related("egress allowed only by " + String.join(", ", others.policies()) + " to ports "
                    + String.join(", ", others.ports())));
        }
        return d.remediate(Remediation.command("Allow DNS and the dependencies the pods need",
                "kubectl edit networkpolicy " + ref.name() + " -n " + ns));
    }

    private static List<ObjectRef> refs(String ns, List<String> services) {
        return services.stream().map(s -> new ObjectRef("Service", ns, s)).toList();
    }

    private static List<String> servicesOf(ClusterIndex index, String ns, List<JsonNode> pods) {
        List<String> out = new ArrayList<>();
        for (JsonNode svc : index.snapshot().objects("Service", ns)) {
            JsonNode sel = svc.path("spec").path("selector");
            if (!sel.isObject() || sel.isEmpty()) continue;
            for (JsonNode pod : pods) {
                if (ClusterIndex.matches(pod.path("metadata").path("labels"), sel)) {
                    out.add(K8s.name(svc));
                    break;
                }
            }
        }
        return out;
    }
}
