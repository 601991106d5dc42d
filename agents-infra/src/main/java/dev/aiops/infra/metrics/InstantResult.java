package dev.aiops.infra.metrics;

import java.util.List;
import java.util.Map;

/**
 * The result of an instant query: a vector (one sample per series), a matrix (a range selector: the raw samples),
 * a scalar or a string (one series without labels).
 *
 * @param resultType {@code vector}, {@code matrix}, {@code scalar} or {@code string}
 * @param series     the series with their samples
 * @param warnings   the API's {@code warnings}
 */
public record InstantResult(String resultType, List<Series> series, List<String> warnings) {

    public InstantResult {
        series = List.copyOf(series);
        warnings = List.copyOf(warnings);
    }

    /** One series: its labels and samples, oldest first. For a string result the value is NaN and the text is in {@code labels} under {@code "value"}. */
    public record Series(Map<String, String> labels, List<Sample> samples) {
        public Series {
            labels = Map.copyOf(labels);
            samples = List.copyOf(samples);
        }
    }

    /** A sample: time in epoch milliseconds and value. */
    public record Sample(long epochMillis, double value) {
    }
}
