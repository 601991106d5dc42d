package dev.aiops.infra.metrics;

import java.util.Map;

/** Takes the series of a range query as they are read. */
@FunctionalInterface
public interface SeriesSink {

    /**
     * A series begins (again in every chunk it has samples in). Returns what takes its samples, oldest first, or
     * null to skip them. {@code labels} is the series' label set without {@code __name__} unless the query keeps it.
     */
    SampleConsumer series(Map<String, String> labels);

    /** Takes the samples of one series. */
    @FunctionalInterface
    interface SampleConsumer {
        void accept(long epochMillis, double value);
    }
}
