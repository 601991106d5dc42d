package dev.aiops.core.contract;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A semantic version {@code MAJOR.MINOR.PATCH[-PRERELEASE]}; build metadata is accepted and ignored. */
public record SemVer(int major, int minor, int patch, String preRelease) implements Comparable<SemVer> {

    private static final Pattern FORMAT = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

    public SemVer {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must not be negative");
        }
        preRelease = preRelease == null ? "" : preRelease;
    }

    public static SemVer of(int major, int minor, int patch) {
        return new SemVer(major, minor, patch, "");
    }

    /** @throws IllegalArgumentException naming the text when it is not a version, or a number is too large */
    public static SemVer parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a semantic version (MAJOR.MINOR.PATCH)");
        }
        return new SemVer(number(text, m.group(1)), number(text, m.group(2)), number(text, m.group(3)), m.group(4));
    }

    /** True when {@link #parse} accepts {@code text}. */
    public static boolean isValid(String text) {
        if (text == null) return false;
        Matcher m = FORMAT.matcher(text.trim());
        return m.matches() && fitsInt(m.group(1)) && fitsInt(m.group(2)) && fitsInt(m.group(3));
    }

    /** The pattern admits any number of digits; a number beyond an int is refused here, not by parseInt. */
    private static int number(String text, String digits) {
        if (!fitsInt(digits)) {
            throw new IllegalArgumentException("'" + text + "' is not a semantic version: " + digits
                    + " is larger than " + Integer.MAX_VALUE);
        }
        return Integer.parseInt(digits);
    }

    private static boolean fitsInt(String digits) {
        return digits.length() < 10
                || digits.length() == 10 && digits.compareTo(String.valueOf(Integer.MAX_VALUE)) <= 0;
    }

    @Override
    public int compareTo(SemVer o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) c = Integer.compare(minor, o.minor);
        if (c == 0) c = Integer.compare(patch, o.patch);
        if (c == 0) c = comparePreRelease(preRelease, o.preRelease);
        return c;
    }

    private static int comparePreRelease(String a, String b) {
        if (a.equals(b)) return 0;
        if (a.isEmpty()) return 1; // a release sorts after its pre-releases
        if (b.isEmpty()) return -1;
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xn = isNumeric(x[i]);
            boolean yn = isNumeric(y[i]);
            // numeric identifiers of any length (a pre-release is free text, not bounded like the version numbers)
            int c = xn && yn ? new BigInteger(x[i]).compareTo(new BigInteger(y[i]))
                    : xn ? -1 : yn ? 1 : x[i].compareTo(y[i]);
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    }

    private static boolean isNumeric(String identifier) {
        return !identifier.isEmpty() && identifier.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
    }
}
