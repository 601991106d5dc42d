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

/** Ingresses whose backend Service or port does not exist, whose class is unknown, or whose TLS Secret is missing. */
public final class IngressAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "ingresses";
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        List<Finding> out = new ArrayList<>();
        for (JsonNode ing : index.objects("Ingress")) {
            String ns = K8s.namespace(ing);
            ObjectRef ref = ObjectRef.of(ing);
            List<String> causes = new ArrayList<>();
            List<Evidence> ev = new ArrayList<>();
            List<ObjectRef> related = new ArrayList<>();
            List<JsonNode> backends = new ArrayList<>();
            JsonNode spec = ing.path("spec");
            if (spec.has("defaultBackend")) backends.add(spec.get("defaultBackend"));
            for (JsonNode rule : spec.path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    if (path.has("backend")) backends.add(path.get("backend"));
                }
            }
            for (JsonNode b : backends) {
                JsonNode service = b.path("service");
                String svcName = K8s.text(service.get("name"));
                if (svcName == null) svcName = K8s.text(b.get("serviceName"));
                if (svcName == null) continue;
                JsonNode svc = index.get("Service", ns, svcName);
                String port = service.path("port").has("number") ? service.path("port").path("number").asString()
                        : service.path("port").has("name") ? service.path("port").path("name").asString()
                        : K8s.text(b.get("servicePort"));
                if (svc == null) {
                    String msg = "backend Service " + svcName + " does not exist in namespace " + ns
                            + existing(index, ns);
                    if (!causes.contains(msg)) {
                        causes.add(msg);
                        ev.add(Evidence.spec("backend service " + svcName + (port == null ? "" : ":" + port)));
                    }
                } else if (port != null && !hasPort(svc, port)) {
                    causes.add("backend Service " + svcName + " has no port " + port + " (it has " + ports(svc) + ")");
                    ev.add(Evidence.spec("backend service " + svcName + ":" + port));
                    related.add(ObjectRef.of(svc));
                }
            }
            String cls = K8s.text(spec.get("ingressClassName"));
            if (cls != null && !index.objects("IngressClass").isEmpty() && index.get("IngressClass", null, cls) == null) {
                causes.add("ingressClassName " + cls + " names no IngressClass (have "
                        + index.objects("IngressClass").stream().map(K8s::name).toList() + ")");
                ev.add(Evidence.spec("ingressClassName: " + cls));
            }
            for (JsonNode tls : spec.path("tls")) {
                String secret = K8s.text(tls.get("secretName"));
                if (secret != null && !index.objects("Secret").isEmpty() && index.get("Secret", ns, secret) == null) {
                    causes.add("TLS Secret " + secret + " does not exist in namespace " + ns);
                    ev.add(Evidence.spec("tls secretName: " + secret));
                }
            }
            if (causes.isEmpty()) continue;
            // a backend, class or certificate that does not exist breaks the route now: requests along it fail
            FindingDraft d = FindingDraft.of(Category.IngressMisconfigured, Problem.MISCONFIGURATION, Symptom.DOWN, ref)
                    .summary("IngressMisconfigured: Ingress " + ns + "/" + ref.name() + ": " + causes.get(0))
                    .rootCause(String.join("; ", causes)).evidence(ev)
                    .remediate(Remediation.command("Point the Ingress at an existing Service and port",
                            "kubectl edit ingress " + ref.name() + " -n " + ns));
            related.forEach(d::related);
            out.add(d.build());
        }
        return out;
    }

    private static String existing(ClusterIndex index, String ns) {
        List<String> names = index.snapshot().objects("Service", ns).stream().map(K8s::name).limit(5).toList();
        return names.isEmpty() ? "" : " (Services there: " + String.join(", ", names) + ")";
    }

    private static boolean hasPort(JsonNode svc, String port) {
        for (JsonNode p : svc.path("spec").path("ports")) {
            if (port.equals(p.path("port").asString()) || port.equals(p.path("name").asString(null))) return true;
        }
        return false;
    }

    private static List<String> ports(JsonNode svc) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : svc.path("spec").path("ports")) out.add(p.path("port").asString());
        return out;
    }
}
