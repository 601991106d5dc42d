package dev.aiops.infra.exec;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** kubectl's resource short names, and label selectors through {@link dev.aiops.infra.k8s.LabelSelectors}. */
final class Selectors {

    private static final Map<String, String> SHORT = Map.ofEntries(
            Map.entry("po", "pods"), Map.entry("pod", "pods"), Map.entry("svc", "services"),
            Map.entry("service", "services"), Map.entry("deploy", "deployments"), Map.entry("deployment", "deployments"),
            Map.entry("sts", "statefulsets"), Map.entry("statefulset", "statefulsets"), Map.entry("ds", "daemonsets"),
            Map.entry("daemonset", "daemonsets"), Map.entry("rs", "replicasets"), Map.entry("replicaset", "replicasets"),
            Map.entry("cm", "configmaps"), Map.entry("configmap", "configmaps"), Map.entry("secret", "secrets"),
            Map.entry("ns", "namespaces"), Map.entry("namespace", "namespaces"), Map.entry("no", "nodes"),
            Map.entry("node", "nodes"), Map.entry("pvc", "persistentvolumeclaims"), Map.entry("pv", "persistentvolumes"),
            Map.entry("ing", "ingresses"), Map.entry("ingress", "ingresses"), Map.entry("hpa", "horizontalpodautoscalers"),
            Map.entry("cj", "cronjobs"), Map.entry("cronjob", "cronjobs"), Map.entry("job", "jobs"),
            Map.entry("sa", "serviceaccounts"), Map.entry("netpol", "networkpolicies"),
            Map.entry("pdb", "poddisruptionbudgets"), Map.entry("ep", "endpoints"), Map.entry("ev", "events"),
            Map.entry("event", "events"));

    private Selectors() {
    }

    static String plural(String type) {
        String t = type.toLowerCase();
        int dot = t.indexOf('.');
        if (dot > 0) {
            t = t.substring(0, dot);
        }
        return SHORT.getOrDefault(t, t);
    }

    static boolean matches(JsonNode labels, String selector) {
        return dev.aiops.infra.k8s.LabelSelectors.matches(labels, selector);
    }
}
