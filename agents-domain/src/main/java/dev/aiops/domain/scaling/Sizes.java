package dev.aiops.domain.scaling;

/** Rounding recommendations up to sizes people write, and Kubernetes quantity strings. */
final class Sizes {

    private static final double MIB = 1024 * 1024;
    private static final double GIB = 1024 * MIB;

    private Sizes() {
    }

    /** Up to 5m below one core, 50m above. */
    static double roundCpu(double cores) {
        double milli = Math.ceil(cores * 1000 - 1e-9);
        long unit = milli < 1000 ? 5 : 50;
        return Math.ceil(milli / unit) * unit / 1000;
    }

    /** Up to 4Mi below 1Gi, 64Mi above. */
    static double roundMemory(double bytes) {
        double mib = Math.ceil(bytes / MIB - 1e-9);
        long unit = mib < 1024 ? 4 : 64;
        return Math.ceil(mib / unit) * unit * MIB;
    }

    /** {@code 250m}, {@code 1}, {@code 1500m}; null for NaN. */
    static String cpu(double cores) {
        if (Double.isNaN(cores)) return null;
        long milli = Math.round(cores * 1000);
        return milli % 1000 == 0 ? String.valueOf(milli / 1000) : milli + "m";
    }

    /** {@code 512Mi}, {@code 2Gi}, {@code 1536Mi}; bytes not a whole MiB as bytes; null for NaN. */
    static String memory(double bytes) {
        if (Double.isNaN(bytes)) return null;
        long b = Math.round(bytes);
        if (b % (long) GIB == 0 && b > 0) return b / (long) GIB + "Gi";
        if (b % (long) MIB == 0 && b > 0) return b / (long) MIB + "Mi";
        if (b % 1024 == 0 && b > 0) return b / 1024 + "Ki";
        return String.valueOf(b);
    }
}
