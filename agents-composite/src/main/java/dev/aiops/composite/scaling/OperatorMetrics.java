package dev.aiops.composite.scaling;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

/** The operator's own metrics, in a registry of their own, written in Prometheus' text format. */
final class OperatorMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter decisions = Counter.builder().name("aiops_scaling_decisions_total")
            .help("Decisions by outcome (recommended, dry-run, applied, pending-approval, refused, skipped, unchanged,"
                    + " failed)").labelNames("outcome").register(registry);
    private final Counter reconciles = Counter.builder().name("aiops_scaling_reconciles_total")
            .help("Reconciles of one policy").register(registry);
    private final Counter errors = Counter.builder().name("aiops_scaling_reconcile_errors_total")
            .help("Reconciles that failed").register(registry);
    private final Histogram latency = Histogram.builder().name("aiops_scaling_reconcile_duration_seconds")
            .help("Time to reconcile one policy").register(registry);
    private final Gauge leader = Gauge.builder().name("aiops_scaling_leader")
            .help("1 while this instance holds the lease").register(registry);
    private final Gauge invalid = Gauge.builder().name("aiops_scaling_invalid_policies")
            .help("Policies that cannot be acted on").register(registry);

    void decision(Decision.Outcome o) {
        decisions.labelValues(o.wire()).inc();
    }

    void reconciled(double seconds, boolean failed) {
        reconciles.inc();
        latency.observe(seconds);
        if (failed) errors.inc();
    }

    void leader(boolean isLeader) {
        leader.set(isLeader ? 1 : 0);
    }

    void invalidPolicies(int n) {
        invalid.set(n);
    }

    double decisions(Decision.Outcome o) {
        return decisions.labelValues(o.wire()).get();
    }

    void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }
}
