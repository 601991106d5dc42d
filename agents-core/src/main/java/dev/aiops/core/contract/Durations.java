package dev.aiops.core.contract;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations descriptors, configuration and the CLI use: {@code 250ms}, {@code 10s}, {@code 2m},
 * {@code 1h}, {@code 7d} or ISO-8601 ({@code PT30S}).
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /** @throws IllegalArgumentException when {@code text} is neither form */
    public static Duration parse(String text) {
        Matcher m = SHORT.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Duration.ofMillis(n);
                case "s": return Duration.ofSeconds(n);
                case "m": return Duration.ofMinutes(n);
                case "h": return Duration.ofHours(n);
                default: return Duration.ofDays(n);
            }
        }
        try {
            return Duration.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use 250ms, 10s, 2m, 1h, 7d or"
                    + " ISO-8601 such as PT30S)", e);
        }
    }

    /** The short form back, largest units first: {@code 14d}, {@code 3h20m}, {@code 12m30s}, {@code 250ms}. */
    public static String text(Duration d) {
        if (d.isZero()) return "0s";
        StringBuilder b = new StringBuilder(d.isNegative() ? "-" : "");
        Duration left = d.abs();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        long ms = left.toMillis();
        for (int i = 0; i < units.length; i++) {
            long n = ms / units[i];
            if (n > 0) {
                b.append(n).append(names[i]);
                ms -= n * units[i];
            }
        }
        return b.toString();
    }
}
