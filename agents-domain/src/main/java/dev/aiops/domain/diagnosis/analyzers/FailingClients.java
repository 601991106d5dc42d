package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.LogClue;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.infra.k8s.K8s;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Pods whose logs show they fail to reach something: the present symptom that ties a NetworkPolicy to an outage
 * (the clients of a Service it cuts off, or the pods whose egress it denies).
 */
final class FailingClients {

    private FailingClients() {
    }

    /** A log line of any pod failing to reach one of {@code services}, or null when no client is seen failing. */
    static Evidence reaching(ClusterIndex index, Collection<ObjectRef> services) {
        for (JsonNode pod : index.objects("Pod")) {
            String ns = K8s.namespace(pod);
            for (Map.Entry<String, List<String>> logs : index.snapshot().logs(ns, K8s.name(pod)).entrySet()) {
                LogClue clue = LogClue.find(logs.getValue());
                if (clue == null || !clue.isDependency()) continue;
                ObjectRef target = Dependencies.resolve(index, ns, clue.host()).service();
                if (target != null && services.contains(target)) {
                    return Evidence.log("pod " + ns + "/" + K8s.name(pod) + ": " + clue.line());
                }
            }
        }
        return null;
    }

    /** A log line of one of {@code pods} failing to reach any dependency, or null. */
    static Evidence among(ClusterIndex index, List<JsonNode> pods) {
        for (JsonNode pod : pods) {
            for (List<String> lines : index.snapshot().logs(K8s.namespace(pod), K8s.name(pod)).values()) {
                LogClue clue = LogClue.find(lines);
                if (clue != null && clue.isDependency()) return Evidence.log("pod " + K8s.name(pod) + ": " + clue.line());
            }
        }
        return null;
    }
}
