package dev.aiops.infra.metrics;

import java.time.Duration;
import java.util.List;

/**
 * What a range query read.
 *
 * @param chunks   HTTP requests made, one per chunked window
 * @param series   series handed to the sink, counted once per chunk
 * @param samples  samples handed to the sink
 * @param step     the step used
 * @param warnings the API's {@code warnings}, each once
 */
public record RangeSummary(int chunks, long series, long samples, Duration step, List<String> warnings) {

    public RangeSummary {
        warnings = List.copyOf(warnings);
    }
}
