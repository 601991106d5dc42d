package dev.aiops.infra.k8s;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of a snapshot on disk is read: a JSON or YAML file over {@link #maxFileBytes()} is skipped with a warning
 * (its objects could not be held in memory anyway), and of a {@code logs.txt} over {@link #maxLogBytes()} only the
 * newest {@code maxLogBytes} are kept, with a warning saying how many bytes were dropped. Immutable.
 *
 * @param maxFileBytes largest JSON or YAML file read, in bytes; default {@value #DEFAULT_MAX_FILE_BYTES} (256 MiB),
 *                     or the system property {@value #MAX_FILE_PROPERTY}
 * @param maxLogBytes  most bytes kept of one log file; default {@value #DEFAULT_MAX_LOG_BYTES} (16 MiB), or the system
 *                     property {@value #MAX_LOG_PROPERTY}
 */
public record ReadLimits(long maxFileBytes, long maxLogBytes) {

    public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;
    public static final long DEFAULT_MAX_LOG_BYTES = 16L << 20;
    /** System property overriding {@link #DEFAULT_MAX_FILE_BYTES}, as a {@link #parseSize size}. */
    public static final String MAX_FILE_PROPERTY = "aiops.dump.maxFileSize";
    /** System property overriding {@link #DEFAULT_MAX_LOG_BYTES}, as a {@link #parseSize size}. */
    public static final String MAX_LOG_PROPERTY = "aiops.dump.maxLogSize";

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([kmg]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    public ReadLimits {
        if (maxFileBytes < 1) throw new IllegalArgumentException("maxFileBytes must be at least 1: " + maxFileBytes);
        if (maxLogBytes < 1) throw new IllegalArgumentException("maxLogBytes must be at least 1: " + maxLogBytes);
    }

    /**
     * The defaults, or the system properties {@value #MAX_FILE_PROPERTY} and {@value #MAX_LOG_PROPERTY} when set.
     *
     * @throws IllegalArgumentException when a property is set to something that is not a size
     */
    public static ReadLimits defaults() {
        return new ReadLimits(property(MAX_FILE_PROPERTY, DEFAULT_MAX_FILE_BYTES),
                property(MAX_LOG_PROPERTY, DEFAULT_MAX_LOG_BYTES));
    }

    public ReadLimits withMaxFileBytes(long bytes) {
        return new ReadLimits(bytes, maxLogBytes);
    }

    public ReadLimits withMaxLogBytes(long bytes) {
        return new ReadLimits(maxFileBytes, bytes);
    }

    /**
     * Bytes in a size as a person writes it: {@code 4096}, {@code 512k}, {@code 64m}, {@code 1g}, {@code 64MiB},
     * {@code 64mb} (k, m and g are powers of 1024).
     *
     * @throws IllegalArgumentException naming the text when it is not such a size, or is 0
     */
    public static long parseSize(String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (write it like 4096, 512k, 64m or 1g)");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        if (n == 0 || n > Long.MAX_VALUE >> shift) {
            throw new IllegalArgumentException("'" + text + "' is not a size between 1 byte and 8 EiB");
        }
        return n << shift;
    }

    /** A size for people: {@code 16 MiB}, {@code 1.5 GiB}, {@code 3000 bytes} (exact below 10 KiB). */
    public static String describe(long bytes) {
        if (bytes < 10 << 10) return bytes + (bytes == 1 ? " byte" : " bytes");
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }

    private static long property(String name, long fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) return fallback;
        try {
            return parseSize(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("system property " + name + ": " + e.getMessage(), e);
        }
    }
}
