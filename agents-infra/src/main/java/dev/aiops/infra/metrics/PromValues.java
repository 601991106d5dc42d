package dev.aiops.infra.metrics;

import java.math.BigDecimal;
import java.time.Duration;

/** Sample values and timestamps as the Prometheus HTTP API writes them. */
final class PromValues {

    private PromValues() {
    }

    /** A sample value as Prometheus writes it: {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"} or a decimal. */
    static double parse(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** {@code value} as Prometheus writes it (Go's {@code 'f'} format: plain decimal, no exponent). */
    static String format(double value) {
        if (Double.isNaN(value)) return "NaN";
        if (value == Double.POSITIVE_INFINITY) return "+Inf";
        if (value == Double.NEGATIVE_INFINITY) return "-Inf";
        if (value == 0) return "0";
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** Float epoch seconds to epoch milliseconds. */
    static long millis(double epochSeconds) {
        return Math.round(epochSeconds * 1000);
    }

    /** Epoch milliseconds as decimal seconds, without trailing zeros ({@code 1700000000}, {@code 1700000000.5}). */
    static BigDecimal seconds(long epochMillis) {
        BigDecimal s = BigDecimal.valueOf(epochMillis, 3).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** A duration for messages: {@code 250ms}, {@code 30s}, {@code 1.5s}. */
    static String describe(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + "ms" : seconds(ms).toPlainString() + "s";
    }
}
