package dev.aiops.core.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A range of semantic versions, written as npm and Cargo users expect: {@code ^1.2}, {@code ~1.2.3},
 * {@code 1.x}, {@code *}, {@code 1.4.0} (exact), comparators joined by spaces ({@code >=1.0.0 <2.0.0}) and
 * alternatives joined by {@code ||}.
 */
public final class VersionRange {

    private static final Pattern PARTIAL = Pattern.compile(
            "(>=|<=|>|<|=|\\^|~)?\\s*v?(\\*|x|X|0|[1-9]\\d*)(?:\\.(\\*|x|X|0|[1-9]\\d*))?(?:\\.(\\*|x|X|0|[1-9]\\d*))?"
                    + "(?:-([0-9A-Za-z.-]+))?");

    private record Bound(SemVer version, boolean inclusive) {
    }

    /** One conjunction: lower and upper bounds, either may be absent. */
    private record Interval(@Nullable Bound lower, @Nullable Bound upper) {
        boolean contains(SemVer v) {
            if (lower != null) {
                int c = v.compareTo(lower.version);
                if (c < 0 || (c == 0 && !lower.inclusive)) return false;
            }
            if (upper != null) {
                int c = v.compareTo(upper.version);
                if (c > 0 || (c == 0 && !upper.inclusive)) return false;
            }
            return true;
        }

        Interval and(Interval o) {
            return new Interval(max(lower, o.lower), min(upper, o.upper));
        }

        private static @Nullable Bound max(@Nullable Bound a, @Nullable Bound b) {
            if (a == null) return b;
            if (b == null) return a;
            int c = a.version.compareTo(b.version);
            return c > 0 || (c == 0 && !a.inclusive) ? a : b;
        }

        private static @Nullable Bound min(@Nullable Bound a, @Nullable Bound b) {
            if (a == null) return b;
            if (b == null) return a;
            int c = a.version.compareTo(b.version);
            return c < 0 || (c == 0 && !a.inclusive) ? a : b;
        }
    }

    private final String text;
    private final List<Interval> alternatives;

    private VersionRange(String text, List<Interval> alternatives) {
        this.text = text;
        this.alternatives = List.copyOf(alternatives);
    }

    /** Every version. */
    public static VersionRange any() {
        return parse("*");
    }

    public static VersionRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a version range must not be empty");
        }
        List<Interval> alternatives = new ArrayList<>();
        for (String alternative : text.split("\\|\\|", -1)) {
            Interval interval = new Interval(null, null);
            String rest = alternative.trim().replaceAll("(>=|<=|>|<|=|\\^|~)\\s+", "$1");
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has an empty alternative");
            }
            for (String comparator : rest.split("\\s+")) {
                interval = interval.and(comparator(comparator, text));
            }
            alternatives.add(interval);
        }
        return new VersionRange(text.trim(), alternatives);
    }

    private static Interval comparator(String c, String whole) {
        Matcher m = PARTIAL.matcher(c);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + whole + "' is not a version range: cannot read '" + c + "'");
        }
        String op = m.group(1) == null ? "" : m.group(1);
        Integer major = number(m.group(2));
        Integer minor = major == null ? null : number(m.group(3));
        Integer patch = minor == null ? null : number(m.group(4));
        String pre = patch == null ? "" : m.group(5);
        if (major == null) {
            return new Interval(null, null);
        }
        SemVer floor = new SemVer(major, minor == null ? 0 : minor, patch == null ? 0 : patch, pre);
        SemVer nextOfPartial = minor == null ? SemVer.of(major + 1, 0, 0)
                : patch == null ? SemVer.of(major, minor + 1, 0) : null;
        switch (op) {
            case "^": {
                SemVer ceiling = major > 0 || minor == null ? SemVer.of(major + 1, 0, 0)
                        : minor > 0 || patch == null ? SemVer.of(0, minor + 1, 0) : SemVer.of(0, 0, patch + 1);
                return new Interval(new Bound(floor, true), new Bound(ceiling, false));
            }
            case "~": {
                SemVer ceiling = minor == null ? SemVer.of(major + 1, 0, 0) : SemVer.of(major, minor + 1, 0);
                return new Interval(new Bound(floor, true), new Bound(ceiling, false));
            }
            case ">=":
                return new Interval(new Bound(floor, true), null);
            case ">":
                return nextOfPartial == null ? new Interval(new Bound(floor, false), null)
                        : new Interval(new Bound(nextOfPartial, true), null);
            case "<":
                return new Interval(null, new Bound(floor, false));
            case "<=":
                return nextOfPartial == null ? new Interval(null, new Bound(floor, true))
                        : new Interval(null, new Bound(nextOfPartial, false));
            default: // "" or "=": exact, or every version under a partial prefix
                return nextOfPartial == null ? new Interval(new Bound(floor, true), new Bound(floor, true))
                        : new Interval(new Bound(floor, true), new Bound(nextOfPartial, false));
        }
    }

    private static @Nullable Integer number(@Nullable String part) {
        if (part == null || part.equals("*") || part.equalsIgnoreCase("x")) return null;
        return Integer.parseInt(part);
    }

    public boolean contains(SemVer version) {
        for (Interval interval : alternatives) {
            if (interval.contains(version)) return true;
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionRange r && r.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
