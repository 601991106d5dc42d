package dev.aiops.infra.metrics.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes OpenMetrics text for {@code promtool tsdb create-blocks-from openmetrics}, straight to a file: no sample
 * is held, so files of millions of lines cost no memory. promtool wants every sample of a metric family together,
 * and each series' samples oldest first; this writer refuses anything else:
 *
 * <pre>{@code
 * try (OpenMetricsWriter w = OpenMetricsWriter.create(file)) {
 *     w.family("http_requests", OpenMetricsWriter.Type.COUNTER);   // samples named http_requests_total
 *     for (long t = start; t <= end; t += 60) {
 *         w.sample(Map.of("pod", "web-0"), t, count0(t));
 *         w.sample(Map.of("pod", "web-1"), t, count1(t));
 *     }
 *     w.family("memory_bytes", OpenMetricsWriter.Type.GAUGE);
 *     ...
 * }   // close() writes "# EOF"
 * }</pre>
 *
 * Backfilled data must end at least 3 hours before the Prometheus that reads it starts (see
 * {@link PrometheusServer#latestBackfillEnd()}): newer samples would overlap its head block.
 */
public final class OpenMetricsWriter implements AutoCloseable {

    /** The metric types the tests backfill. */
    public enum Type {
        /** Only goes up, except when it resets; samples are named {@code <family>_total}. */
        COUNTER,
        /** Any value. */
        GAUGE
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Writer out;
    private final Set<String> families = new HashSet<>();
    /** The newest timestamp of each series of the current family: one entry per series, not per sample. */
    private final Map<String, Long> newest = new HashMap<>();
    private String sampleName;
    private long samples;
    private boolean closed;

    /** Writes to {@code out}; {@link #close()} ends the text and closes it. */
    public OpenMetricsWriter(Writer out) {
        this.out = out;
    }

    /** Writes to {@code file}, replacing it. */
    public static OpenMetricsWriter create(Path file) throws IOException {
        return new OpenMetricsWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /**
     * Starts the family {@code name}; the samples that follow belong to it. A counter's family name is written
     * without {@code _total} and its samples with it, whether or not {@code name} ends with it.
     *
     * @throws IllegalStateException when the family was written before (promtool wants a family in one piece)
     */
    public OpenMetricsWriter family(String name, Type type) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        String family = type == Type.COUNTER && name.endsWith("_total")
                ? name.substring(0, name.length() - "_total".length()) : name;
        if (!families.add(family)) {
            throw new IllegalStateException("family " + family + " was written before: all of a family's samples"
                    + " must be together");
        }
        newest.clear();
        sampleName = type == Type.COUNTER ? family + "_total" : family;
        write("# TYPE " + family + " " + type.name().toLowerCase(Locale.ROOT) + "\n");
        return this;
    }

    /**
     * Writes one sample of the current family.
     *
     * @throws IllegalStateException before any {@link #family}, or when the series already has a sample at or
     *                               after {@code epochSeconds}
     */
    public OpenMetricsWriter sample(Map<String, String> labels, long epochSeconds, double value) {
        if (sampleName == null) {
            throw new IllegalStateException("call family(...) before sample(...)");
        }
        String series = labels(labels);
        Long before = newest.put(series, epochSeconds);
        if (before != null && before >= epochSeconds) {
            throw new IllegalStateException(sampleName + series + ": sample at " + epochSeconds
                    + " is not after the previous one at " + before);
        }
        write(sampleName + series + " " + value(value) + " " + epochSeconds + "\n");
        samples++;
        return this;
    }

    /** Samples written so far. */
    public long samples() {
        return samples;
    }

    /** Writes {@code # EOF} and closes the output. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try (out) {
            out.write("# EOF\n");
        }
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) return "";
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (!LABEL.matcher(e.getKey()).matches() || e.getKey().startsWith("__")) {
                throw new IllegalArgumentException("not a label name: " + e.getKey());
            }
            if (b.length() > 1) b.append(',');
            b.append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        }
        return b.append('}').toString();
    }

    private static String value(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        return Double.toString(v);
    }

    private void write(String text) {
        if (closed) throw new IllegalStateException("the writer is closed");
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
