package dev.aiops.domain.spec;

/**
 * Service level objectives over one compliance window.
 *
 * @param window       a Prometheus duration, null for {@code 30d}
 * @param availability the share of requests that succeed, or null
 * @param latency      the share of requests faster than a threshold, or null
 */
public record Slos(String window, Availability availability, Latency latency) {

    public static final String DEFAULT_WINDOW = "30d";

    /** The compliance window. */
    public String windowOrDefault() {
        return window == null ? DEFAULT_WINDOW : window;
    }

    /**
     * @param objective   percent of requests that succeed, such as 99.9
     * @param goodEvents  PromQL for the rate of good events over {@code {{window}}}, or null for non-5xx
     *                    {@code http_requests_total}
     * @param totalEvents PromQL for the rate of all events over {@code {{window}}}, or null for
     *                    {@code http_requests_total}
     */
    public record Availability(double objective, String goodEvents, String totalEvents) {
    }

    /**
     * @param percentile  99 means 99% of requests are faster than {@code thresholdMs}
     * @param thresholdMs the latency threshold, ideally a bucket boundary of the histogram
     * @param goodEvents  PromQL over {@code {{window}}}, or null for {@code http_request_duration_seconds_bucket}
     *                    at {@code le} = the threshold
     * @param totalEvents PromQL over {@code {{window}}}, or null for {@code http_request_duration_seconds_count}
     */
    public record Latency(double percentile, int thresholdMs, String goodEvents, String totalEvents) {
    }
}
