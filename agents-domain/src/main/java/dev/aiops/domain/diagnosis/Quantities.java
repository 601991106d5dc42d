package dev.aiops.domain.diagnosis;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes resource quantities ({@code 500m}, {@code 2}, {@code 48Gi}, {@code 1e3}) as numbers, and back. */
public final class Quantities {

    private static final Pattern Q = Pattern.compile("([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([A-Za-z]*)");

    private Quantities() {
    }

    /** The value in base units (cores or bytes), or NaN when it cannot be read. */
    public static double parse(String text) {
        if (text == null) return Double.NaN;
        Matcher m = Q.matcher(text.trim());
        if (!m.matches()) return Double.NaN;
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "" -> v;
            case "n" -> v / 1e9;
            case "u" -> v / 1e6;
            case "m" -> v / 1e3;
            case "k" -> v * 1e3;
            case "M" -> v * 1e6;
            case "G" -> v * 1e9;
            case "T" -> v * 1e12;
            case "Ki" -> v * 1024;
            case "Mi" -> v * 1024 * 1024;
            case "Gi" -> v * 1024 * 1024 * 1024;
            case "Ti" -> v * 1024.0 * 1024 * 1024 * 1024;
            default -> Double.NaN;
        };
    }

    /** Bytes as a short binary quantity ({@code 12.3Gi}). */
    public static String bytes(double b) {
        String[] units = {"", "Ki", "Mi", "Gi", "Ti"};
        int i = 0;
        while (b >= 1024 && i < units.length - 1) {
            b /= 1024;
            i++;
        }
        return (b == Math.rint(b) ? String.valueOf((long) b) : String.format(Locale.ROOT, "%.1f", b)) + units[i];
    }

    /** Cores as {@code 500m} or {@code 2}. */
    public static String cores(double c) {
        return c < 1 || c != Math.rint(c) ? Math.round(c * 1000) + "m" : String.valueOf((long) c);
    }
}
