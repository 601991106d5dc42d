package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.infra.k8s.K8s;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Whether anything uses the per-pod DNS names ({@code kafka-0.kafka-headless}) a StatefulSet's governing Service
 * gives its pods: what ties a wrong governing Service to a present symptom.
 */
final class PerPodDns {

    private PerPodDns() {
    }

    /** Where such a name is used (a ConfigMap, a pod spec, a log line), or null when nothing uses one. */
    static String use(ClusterIndex index, JsonNode sts, String service) {
        String ns = K8s.namespace(sts);
        Pattern name = Pattern.compile("\\b" + Pattern.quote(K8s.name(sts)) + "-\\d+\\." + Pattern.quote(service)
                + "\\b");
        Matcher m = name.matcher(sts.path("spec").path("template").toString());
        if (m.find()) return m.group() + " in the pod template of StatefulSet " + K8s.name(sts);
        for (JsonNode cm : index.snapshot().objects("ConfigMap", ns)) {
            m = name.matcher(cm.path("data").toString());
            if (m.find()) return m.group() + " in ConfigMap " + K8s.name(cm);
        }
        for (JsonNode pod : index.snapshot().objects("Pod", ns)) {
            m = name.matcher(pod.path("spec").toString());
            if (m.find()) return m.group() + " in the spec of pod " + K8s.name(pod);
            for (Map.Entry<String, List<String>> logs : index.snapshot().logs(ns, K8s.name(pod)).entrySet()) {
                for (String line : logs.getValue()) {
                    m = name.matcher(line);
                    if (m.find()) return m.group() + " in the log of pod " + K8s.name(pod);
                }
            }
        }
        return null;
    }
}
