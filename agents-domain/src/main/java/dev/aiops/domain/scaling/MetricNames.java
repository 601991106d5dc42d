package dev.aiops.domain.scaling;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The metric and label names the advisor queries: cAdvisor's and kube-state-metrics' by default, configurable for
 * clusters that relabel them.
 *
 * @param cpuUsage       the CPU usage counter in seconds ({@code container_cpu_usage_seconds_total})
 * @param memoryUsage    the memory working set gauge in bytes ({@code container_memory_working_set_bytes})
 * @param requests       requests per container and resource ({@code kube_pod_container_resource_requests})
 * @param limits         limits per container and resource ({@code kube_pod_container_resource_limits})
 * @param lastTerminated the last termination reason ({@code kube_pod_container_status_last_terminated_reason})
 * @param restarts       the restart counter ({@code kube_pod_container_status_restarts_total})
 * @param podOwner       pod owners ({@code kube_pod_owner})
 * @param replicaSetOwner ReplicaSet owners ({@code kube_replicaset_owner})
 * @param namespaceLabel the namespace label
 * @param podLabel       the pod label
 * @param containerLabel the container label
 */
public record MetricNames(String cpuUsage, String memoryUsage, String requests, String limits, String lastTerminated,
                          String restarts, String podOwner, String replicaSetOwner, String namespaceLabel,
                          String podLabel, String containerLabel) {

    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public static final MetricNames DEFAULT = new MetricNames("container_cpu_usage_seconds_total",
            "container_memory_working_set_bytes", "kube_pod_container_resource_requests",
            "kube_pod_container_resource_limits", "kube_pod_container_status_last_terminated_reason",
            "kube_pod_container_status_restarts_total", "kube_pod_owner", "kube_replicaset_owner", "namespace", "pod",
            "container");

    public MetricNames {
        for (String m : new String[] {cpuUsage, memoryUsage, requests, limits, lastTerminated, restarts, podOwner,
                replicaSetOwner}) {
            if (m == null || !METRIC.matcher(m).matches()) {
                throw new IllegalArgumentException("'" + m + "' is not a Prometheus metric name");
            }
        }
        for (String l : new String[] {namespaceLabel, podLabel, containerLabel}) {
            if (l == null || !LABEL.matcher(l).matches()) {
                throw new IllegalArgumentException("'" + l + "' is not a Prometheus label name");
            }
        }
    }

    /**
     * These names with the ones in {@code overrides} replaced; keys are the component names ({@code cpuUsage},
     * {@code podLabel}, ...). An unknown key is an error that names it.
     */
    public MetricNames with(Map<String, String> overrides) {
        String[] v = {cpuUsage, memoryUsage, requests, limits, lastTerminated, restarts, podOwner, replicaSetOwner,
                namespaceLabel, podLabel, containerLabel};
        String[] keys = {"cpuUsage", "memoryUsage", "requests", "limits", "lastTerminated", "restarts", "podOwner",
                "replicaSetOwner", "namespaceLabel", "podLabel", "containerLabel"};
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            int i = java.util.Arrays.asList(keys).indexOf(e.getKey());
            if (i < 0) {
                throw new IllegalArgumentException("unknown metric name key '" + e.getKey() + "' (known: "
                        + String.join(", ", keys) + ")");
            }
            v[i] = e.getValue();
        }
        return new MetricNames(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    }
}
