package dev.aiops.infra.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * Where usage metrics come from: a Prometheus HTTP API ({@code PrometheusClient}), or the {@code metrics.range}
 * skill through the runtime. Range results are streamed, never held: a caller that turns samples into histograms
 * keeps memory independent of the window's length.
 */
public interface MetricsSource {

    /** Evaluates {@code query} at {@code time}. */
    InstantResult instant(String query, Instant time) throws MetricsException;

    /**
     * Evaluates {@code query} from {@code start} to {@code end} every {@code step}, in chunked windows oldest
     * first, handing each series of each chunk to {@code sink}. A series appears once per chunk it has samples in.
     * Values are passed as Prometheus returns them, NaN and infinities included.
     */
    RangeSummary range(String query, Instant start, Instant end, Duration step, SeriesSink sink)
            throws MetricsException;

    /** Where the metrics are read, for reports ({@code prometheus http://host:9090}). */
    String describe();
}
