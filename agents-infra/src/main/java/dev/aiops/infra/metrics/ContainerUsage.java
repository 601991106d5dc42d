package dev.aiops.infra.metrics;

import java.time.Instant;

/**
 * One container's usage at one moment, as metrics-server ({@code metrics.k8s.io}) reports it.
 *
 * @param namespace   the pod's namespace
 * @param pod         the pod
 * @param container   the container
 * @param cpuCores    CPU in cores
 * @param memoryBytes memory working set in bytes
 * @param timestamp   when metrics-server sampled it
 * @param window      the sampling window in seconds
 */
public record ContainerUsage(String namespace, String pod, String container, double cpuCores, double memoryBytes,
                             Instant timestamp, long window) {
}
