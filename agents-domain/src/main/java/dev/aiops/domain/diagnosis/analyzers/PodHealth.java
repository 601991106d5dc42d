package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Evicted pods and failing probes, with the probe's port compared to the ports the container opens. */
final class PodHealth {

    private static final Pattern PROBE_PORT = Pattern.compile(":(\\d{2,5})(?:/|\\b)");

    private PodHealth() {
    }

    static List<PodProblem> of(ClusterIndex index, JsonNode pod) {
        List<PodProblem> out = new ArrayList<>();
        JsonNode status = pod.path("status");
        String ns = K8s.namespace(pod);
        String name = K8s.name(pod);
        if ("Failed".equals(status.path("phase").asString("")) && "Evicted".equals(status.path("reason").asString(""))) {
            String msg = status.path("message").asString("evicted");
            out.add(new PodProblem(Category.Evicted, Problem.FAILURE, replaced(index, pod) ? Symptom.RECOVERED : Symptom.WARNING,
                    "pod was evicted",
                    "the kubelet evicted the pod from node " + pod.path("spec").path("nodeName").asString("?") + ": " + msg,
                    List.of(Evidence.status("phase Failed, reason Evicted: " + msg)), List.of(
                    Remediation.destructive("Delete the evicted pod record once the cause is understood",
                            "kubectl delete pod -n " + ns + " " + name)), List.of()));
            return out;
        }
        if (!"Running".equals(status.path("phase").asString(""))) return out;
        for (ContainerStates.Container c : ContainerStates.of(pod)) {
            if (c.init()) continue;
            boolean notReady = c.running() && !c.ready();
            List<JsonNode> probeEvents = new ArrayList<>();
            for (JsonNode e : index.events(pod)) {
                String msg = e.path("message").asString("");
                if ("Unhealthy".equals(K8s.text(e.get("reason"))) && msg.contains("probe failed")
                        && containerMatches(e, c.name())) {
                    probeEvents.add(e);
                }
            }
            boolean liveness = probeEvents.stream().anyMatch(e -> e.path("message").asString("").startsWith("Liveness"));
            if (probeEvents.isEmpty() || !(notReady || (liveness && c.restarts() > 0))) continue;
            JsonNode last = probeEvents.get(probeEvents.size() - 1);
            String msg = last.path("message").asString("");
            String kind = msg.startsWith("Liveness") ? "livenessProbe" : msg.startsWith("Startup") ? "startupProbe"
                    : "readinessProbe";
            JsonNode probe = c.spec().path(kind);
            List<Evidence> ev = new ArrayList<>();
            ev.add(Evidence.status(c.name() + (notReady ? " is running but not ready" : " restarts")
                    + " (restarts " + c.restarts() + ")"));
            ev.add(Evidence.event(msg + (last.path("count").asInt(0) > 1 ? " (x" + last.path("count").asInt() + ")" : "")));
            String probePort = probePort(probe, msg);
            List<String> ports = new ArrayList<>();
            for (JsonNode p : c.spec().path("ports")) ports.add(p.path("containerPort").asString());
            String cause;
            if (probePort != null && !ports.isEmpty() && !ports.contains(probePort) && !isNamedPort(c.spec(), probePort)) {
                cause = kind + " of container " + c.name() + " checks port " + probePort
                        + " but the container listens on " + String.join(", ", ports);
                ev.add(Evidence.spec(kind + " port " + probePort + "; containerPorts " + ports));
            } else if (msg.contains("statuscode: ") || msg.contains("status code")) {
                cause = kind + " of container " + c.name() + " gets an error status: " + msg;
            } else {
                cause = kind + " of container " + c.name() + " fails: " + msg;
            }
            out.add(new PodProblem(Category.ProbeFailure, Problem.FAILURE, notReady ? Symptom.DEGRADED : Symptom.WARNING,
                    kind + " of container " + c.name() + " fails", cause, ev, List.of(
                    Remediation.command("Compare the probe with the container's ports",
                            "kubectl get pod -n " + ns + " " + name + " -o jsonpath='{.spec.containers[?(@.name==\""
                                    + c.name() + "\")]." + kind + "}'")), List.of()));
        }
        return out;
    }

    /** True when the evicted pod's controller has since got all its replicas ready again. */
    private static boolean replaced(ClusterIndex index, JsonNode pod) {
        dev.aiops.domain.diagnosis.ObjectRef owner = index.ownerOf(pod);
        if (owner == null) return false;
        JsonNode w = index.get(owner.kind(), owner.namespace(), owner.name());
        if (w == null) return false;
        int want = w.path("spec").path("replicas").asInt(w.path("status").path("desiredNumberScheduled").asInt(1));
        int ready = w.path("status").path("readyReplicas").asInt(w.path("status").path("numberReady").asInt(0));
        return ready >= want;
    }

    private static boolean containerMatches(JsonNode event, String container) {
        String path = event.path("involvedObject").path("fieldPath").asString("");
        return path.isEmpty() || path.contains("{" + container + "}");
    }

    private static boolean isNamedPort(JsonNode container, String port) {
        for (JsonNode p : container.path("ports")) {
            if (port.equals(p.path("name").asString(null))) return true;
        }
        return false;
    }

    private static String probePort(JsonNode probe, String message) {
        for (String kind : new String[] {"httpGet", "tcpSocket", "grpc"}) {
            JsonNode port = probe.path(kind).get("port");
            if (port != null) return port.asString();
        }
        Matcher m = PROBE_PORT.matcher(message);
        return m.find() ? m.group(1) : null;
    }
}
