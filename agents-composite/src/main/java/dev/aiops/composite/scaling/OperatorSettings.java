package dev.aiops.composite.scaling;

import dev.aiops.domain.scaling.AdvisorSettings;
import dev.aiops.infra.metrics.PrometheusSettings;
import java.time.Duration;

/**
 * How an operator instance runs.
 *
 * @param namespace     the operator's own namespace: its Lease and the approvals ConfigMap live there
 * @param leaseName     the Lease all instances compete for
 * @param identity      this instance's name in the Lease (the pod name)
 * @param leaseDuration how long a lease holds without renewal: a follower takes over within it
 * @param renewDeadline how long the leader keeps trying to renew before it stops acting
 * @param retryPeriod   how often instances try to acquire or renew
 * @param tick          how often the loop looks for policies that are due or changed
 * @param port          the HTTP port for /metrics, /healthz and /readyz; -1 for none, 0 for any free port
 * @param prometheus    where usage history is read; null: metrics-server's reading, at low confidence
 * @param advisor       how recommendations are made
 */
public record OperatorSettings(String namespace, String leaseName, String identity, Duration leaseDuration,
                               Duration renewDeadline, Duration retryPeriod, Duration tick, int port,
                               PrometheusSettings prometheus, AdvisorSettings advisor) {

    public OperatorSettings {
        if (namespace == null || namespace.isBlank() || identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("the operator needs its namespace and an identity");
        }
        if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
            throw new IllegalArgumentException("retryPeriod < renewDeadline < leaseDuration is needed, not "
                    + retryPeriod + ", " + renewDeadline + ", " + leaseDuration);
        }
    }

    /** Kubernetes' usual election timing (15 s lease, 10 s renew deadline, 2 s retry), a 10 s tick, port 8080. */
    public static OperatorSettings defaults(String namespace, String identity) {
        return new OperatorSettings(namespace, "aiops-scaling-operator", identity, Duration.ofSeconds(15),
                Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(10), 8080, null,
                AdvisorSettings.DEFAULT);
    }

    public OperatorSettings withElection(Duration lease, Duration renew, Duration retry) {
        return new OperatorSettings(namespace, leaseName, identity, lease, renew, retry, tick, port, prometheus,
                advisor);
    }

    public OperatorSettings withTick(Duration t) {
        return new OperatorSettings(namespace, leaseName, identity, leaseDuration, renewDeadline, retryPeriod, t,
                port, prometheus, advisor);
    }

    public OperatorSettings withPort(int p) {
        return new OperatorSettings(namespace, leaseName, identity, leaseDuration, renewDeadline, retryPeriod, tick,
                p, prometheus, advisor);
    }

    public OperatorSettings withPrometheus(PrometheusSettings p) {
        return new OperatorSettings(namespace, leaseName, identity, leaseDuration, renewDeadline, retryPeriod, tick,
                port, p, advisor);
    }
}
