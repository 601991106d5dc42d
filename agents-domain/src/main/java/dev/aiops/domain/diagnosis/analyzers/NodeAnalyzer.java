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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Nodes that are NotReady, Unknown or under pressure, linked to the pods they evicted or left Unknown. */
public final class NodeAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "nodes";
    }

    /** It reads how pods and nodes run (status, events, logs): manifests have none of that. */
    @Override
    public Set<Coverage> coverage() {
        return EnumSet.of(Coverage.STATE);
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        List<Finding> out = new ArrayList<>();
        for (JsonNode node : index.objects("Node")) {
            String name = K8s.name(node);
            List<String> causes = new ArrayList<>();
            List<Evidence> ev = new ArrayList<>();
            Symptom symptom = null;
            for (JsonNode c : node.path("status").path("conditions")) {
                String type = c.path("type").asString("");
                String status = c.path("status").asString("");
                String text = type + "=" + status + (c.has("reason") ? " (" + c.path("reason").asString() + ")" : "")
                        + (c.has("message") ? ": " + c.path("message").asString() : "");
                if (type.equals("Ready") && !status.equals("True")) {
                    causes.add(status.equals("Unknown") ? "the kubelet stopped reporting (Ready=Unknown: "
                            + c.path("message").asString("node status unknown") + ")"
                            : "the node is NotReady: " + c.path("message").asString(c.path("reason").asString("")));
                    ev.add(Evidence.status(text));
                    symptom = Symptom.DOWN;
                } else if (!type.equals("Ready") && status.equals("True") && (type.endsWith("Pressure")
                        || type.equals("NetworkUnavailable") || type.equals("KernelDeadlock")
                        || type.equals("ReadonlyFilesystem") || type.equals("FrequentKubeletRestart"))) {
                    causes.add(type + ": " + c.path("message").asString(c.path("reason").asString("")));
                    ev.add(Evidence.status(text));
                    // the node reports it and taints itself: new pods avoid it, running ones may be evicted
                    if (symptom == null) symptom = Symptom.DEGRADED;
                }
            }
            if (symptom == null) continue;
            FindingDraft d = FindingDraft.of(Category.NodeUnhealthy, Problem.FAILURE, symptom, ObjectRef.of(node))
                    .summary("NodeUnhealthy: node " + name + ": " + causes.get(0))
                    .rootCause(String.join("; ", causes)).evidence(ev);
            int affected = 0;
            for (JsonNode pod : index.objects("Pod")) {
                if (!name.equals(pod.path("spec").path("nodeName").asString(""))) continue;
                String phase = pod.path("status").path("phase").asString("");
                String reason = pod.path("status").path("reason").asString("");
                if (reason.equals("Evicted") || phase.equals("Unknown") || reason.equals("NodeLost")
                        || reason.equals("Terminating")) {
                    affected++;
                    if (affected <= 5) d.related(ObjectRef.of(pod));
                }
            }
            if (affected > 0) ev.add(Evidence.related(affected + " pods on this node are evicted or Unknown"));
            d.evidence(ev);
            d.remediate(Remediation.command("Inspect the node's conditions and kubelet", "kubectl describe node " + name));
            d.remediate(Remediation.destructive("Move workloads off the node while it is repaired",
                    "kubectl drain " + name + " --ignore-daemonsets --delete-emptydir-data"));
            out.add(d.build());
        }
        return out;
    }
}
