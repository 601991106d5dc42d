package dev.aiops.domain.timeline;

import java.time.Instant;

/**
 * Reads times from object fields and log lines without regular expressions or {@code java.time} parsers: a
 * timeline of a large snapshot reads one per log line. Times are epoch nanoseconds ({@link #NONE} when there is
 * none); a scan leaves the index after what it read in {@link #end}. Not thread-safe: one per thread.
 */
final class TimeScanner {

    static final long NONE = Long.MIN_VALUE;
    private static final long NANOS = 1_000_000_000L;
    private static final long DAY = 86_400L * NANOS;
    /** Plausible log times: 2000-01-01 to 2100-01-01. */
    private static final long MIN_SECONDS = 946_684_800L;
    private static final long MAX_SECONDS = 4_102_444_800L;
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /** Index after the last time read. */
    int end;
    /** Where {@link #fraction} stopped. */
    private int cursor;
    /** The date and time fields {@link #dayMonthYearTime} read. */
    private final int[] fields = new int[6];

    /** An RFC 3339 field of a Kubernetes object ({@code 2026-11-21T09:20:29.755612Z}); NONE when absent or not one. */
    static long instant(String text) {
        if (text == null || text.isEmpty()) return NONE;
        TimeScanner s = new TimeScanner();
        long t = s.rfc3339(text, 0);
        return t != NONE && s.end == text.length() ? t : NONE;
    }

    static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS), Math.floorMod(nanos, NANOS));
    }

    static long nanos(Instant t) {
        return t == null ? NONE : t.getEpochSecond() * NANOS + t.getNano();
    }

    /**
     * {@code YYYY-MM-DD} then {@code T}, {@code t} or a space, {@code hh:mm:ss}, an optional fraction after {@code .}
     * or {@code ,}, and an optional zone: {@code Z}, {@code +hh:mm}, {@code +hhmm}, {@code +hh}, or after a space
     * {@code +0000}, {@code UTC} or {@code GMT}. Without a zone the time is UTC.
     */
    long rfc3339(CharSequence s, int from) {
        int n = s.length();
        int i = from;
        if (i + 19 > n) return NONE;
        int year = digits(s, i, 4);
        if (year < 0 || s.charAt(i + 4) != '-') return NONE;
        int month = digits(s, i + 5, 2);
        if (month < 0 || s.charAt(i + 7) != '-') return NONE;
        int day = digits(s, i + 8, 2);
        char sep = s.charAt(i + 10);
        if (day < 0 || (sep != 'T' && sep != 't' && sep != ' ')) return NONE;
        int hour = digits(s, i + 11, 2);
        if (hour < 0 || s.charAt(i + 13) != ':') return NONE;
        int minute = digits(s, i + 14, 2);
        if (minute < 0 || s.charAt(i + 16) != ':') return NONE;
        int second = digits(s, i + 17, 2);
        if (second < 0) return NONE;
        i += 19;
        long fraction = 0;
        if (i + 1 < n && (s.charAt(i) == '.' || s.charAt(i) == ',') && isDigit(s.charAt(i + 1))) {
            fraction = fraction(s, i + 1);
            i = cursor;
        }
        long offsetSeconds = 0;
        if (i < n) {
            char c = s.charAt(i);
            if (c == 'Z' || c == 'z') {
                i++;
            } else if (c == '+' || c == '-') {
                int[] read = offset(s, i);
                if (read != null) {
                    offsetSeconds = read[0];
                    i = read[1];
                }
            } else if (c == ' ' && i + 1 < n) {
                char d = s.charAt(i + 1);
                if (d == '+' || d == '-') {
                    int[] read = offset(s, i + 1);
                    if (read != null && read[1] - i >= 6) {
                        offsetSeconds = read[0];
                        i = read[1];
                    }
                } else if (regionIs(s, i + 1, "UTC") || regionIs(s, i + 1, "GMT")) {
                    i += 4;
                }
            }
        }
        long t = of(year, month, day, hour, minute, second, fraction, offsetSeconds);
        if (t != NONE) end = i;
        return t;
    }

    /**
     * Nanoseconds from the digits at {@code i} (the first nine count, more are skipped); {@link #cursor} is set
     * after them.
     */
    private long fraction(CharSequence s, int i) {
        int n = s.length();
        long f = 0;
        int digits = 0;
        for (; i < n && isDigit(s.charAt(i)); i++) {
            if (digits < 9) {
                f = f * 10 + (s.charAt(i) - '0');
                digits++;
            }
        }
        for (; digits < 9; digits++) f *= 10;
        cursor = i;
        return f;
    }

    /**
     * {@code DD<dateSep>Mon<dateSep>YYYY<afterYear>hh:mm:ss} at {@code i} (20 characters), read into {@link #fields}
     * (day, month, year, hour, minute, second): the shared start of the common log format and day-month-year times.
     */
    private boolean dayMonthYearTime(CharSequence s, int i, char dateSep, char afterYear) {
        if (i + 20 > s.length()) return false;
        int day = digits(s, i, 2);
        if (day < 0 || s.charAt(i + 2) != dateSep) return false;
        int month = month(s, i + 3);
        if (month < 0 || s.charAt(i + 6) != dateSep) return false;
        int year = digits(s, i + 7, 4);
        if (year < 0 || s.charAt(i + 11) != afterYear) return false;
        int hour = digits(s, i + 12, 2);
        if (hour < 0 || s.charAt(i + 14) != ':') return false;
        int minute = digits(s, i + 15, 2);
        if (minute < 0 || s.charAt(i + 17) != ':') return false;
        int second = digits(s, i + 18, 2);
        if (second < 0) return false;
        fields[0] = day;
        fields[1] = month;
        fields[2] = year;
        fields[3] = hour;
        fields[4] = minute;
        fields[5] = second;
        return true;
    }

    /** {@code [+-]hh:mm}, {@code [+-]hhmm} or {@code [+-]hh} at {@code i}: {offset seconds, index after}, or null. */
    private static int[] offset(CharSequence s, int i) {
        int n = s.length();
        int sign = s.charAt(i) == '-' ? -1 : 1;
        int h = i + 3 <= n ? digits(s, i + 1, 2) : -1;
        if (h < 0 || h > 18) return null;
        int j = i + 3;
        int m = 0;
        if (j < n && s.charAt(j) == ':') {
            m = digits(s, j + 1, 2);
            if (m < 0) return null;
            j += 3;
        } else if (digits(s, j, 2) >= 0) {
            m = digits(s, j, 2);
            j += 2;
        }
        if (m > 59) return null;
        return new int[] {sign * (h * 3600 + m * 60), j};
    }

    /**
     * klog's header ({@code E1207 10:15:03.123456}) at {@code from}, whose year is not written: the year of
     * {@code reference} (epoch nanos), moved by one when that puts the line more than a day on the wrong side of it.
     * A {@code referenceIsStart} reference is a lower bound (the container's start), otherwise an upper bound.
     */
    long klog(CharSequence s, int from, long reference, boolean referenceIsStart) {
        int n = s.length();
        int i = from;
        if (i + 14 > n) return NONE;
        char l = s.charAt(i);
        if (l != 'I' && l != 'W' && l != 'E' && l != 'F' && l != 'D') return NONE;
        int month = digits(s, i + 1, 2);
        int day = digits(s, i + 3, 2);
        if (month < 0 || day < 0 || s.charAt(i + 5) != ' ') return NONE;
        int hour = digits(s, i + 6, 2);
        if (hour < 0 || s.charAt(i + 8) != ':') return NONE;
        int minute = digits(s, i + 9, 2);
        if (minute < 0 || s.charAt(i + 11) != ':') return NONE;
        int second = digits(s, i + 12, 2);
        if (second < 0) return NONE;
        i += 14;
        long fraction = 0;
        if (i + 1 < n && s.charAt(i) == '.' && isDigit(s.charAt(i + 1))) {
            fraction = fraction(s, i + 1);
            i = cursor;
        }
        long t = yearless(month, day, hour, minute, second, fraction, reference, referenceIsStart);
        if (t != NONE) end = i;
        return t;
    }

    /** A time written without its year (klog, syslog), placed by {@code reference} as {@link #klog} says. */
    static long yearless(int month, int day, int hour, int minute, int second, long fraction, long reference,
                         boolean referenceIsStart) {
        int year = reference == NONE ? java.time.Year.now(java.time.ZoneOffset.UTC).getValue()
                : toInstant(reference).atZone(java.time.ZoneOffset.UTC).getYear();
        long t = of(year, month, day, hour, minute, second, fraction, 0);
        if (t == NONE && month == 2 && day == 29) {
            // 29 February: the nearest leap year on the side the reference allows
            for (int y = 1; y < 4 && t == NONE; y++) {
                t = of(referenceIsStart ? year + y : year - y, month, day, hour, minute, second, fraction, 0);
            }
            return t;
        }
        if (t == NONE || reference == NONE) return t;
        if (referenceIsStart && t < reference - DAY) {
            return of(year + 1, month, day, hour, minute, second, fraction, 0);
        }
        if (!referenceIsStart && t > reference + DAY) {
            return of(year - 1, month, day, hour, minute, second, fraction, 0);
        }
        return t;
    }

    /** Common log format's {@code 21/Nov/2026:15:10:48 +0000} at {@code from}. */
    long clf(CharSequence s, int from) {
        int n = s.length();
        int i = from;
        if (!dayMonthYearTime(s, i, '/', ':')) return NONE;
        int day = fields[0], month = fields[1], year = fields[2], hour = fields[3], minute = fields[4];
        int second = fields[5];
        i += 20;
        long offsetSeconds = 0;
        if (i + 5 < n && s.charAt(i) == ' ' && (s.charAt(i + 1) == '+' || s.charAt(i + 1) == '-')) {
            int[] read = offset(s, i + 1);
            if (read != null) {
                offsetSeconds = read[0];
                i = read[1];
            }
        }
        long t = of(year, month, day, hour, minute, second, 0, offsetSeconds);
        if (t != NONE) end = i;
        return t;
    }

    /** {@code 21 Nov 2026 15:29:09.705} (Redis and others) at {@code from}, UTC. */
    long dayMonthYear(CharSequence s, int from) {
        int n = s.length();
        int i = from;
        if (!dayMonthYearTime(s, i, ' ', ' ')) return NONE;
        int day = fields[0], month = fields[1], year = fields[2], hour = fields[3], minute = fields[4];
        int second = fields[5];
        i += 20;
        long fraction = 0;
        if (i + 1 < n && s.charAt(i) == '.' && isDigit(s.charAt(i + 1))) {
            fraction = fraction(s, i + 1);
            i = cursor;
        }
        long t = of(year, month, day, hour, minute, second, fraction, 0);
        if (t != NONE) end = i;
        return t;
    }

    /**
     * Epoch seconds (10 digits, with an optional fraction), milliseconds (13), microseconds (16) or nanoseconds (19)
     * at {@code from}, ending the line or followed by a space, tab, comma, semicolon, {@code ]} or {@code |}.
     */
    long epoch(CharSequence s, int from) {
        int n = s.length();
        int i = from;
        long v = 0;
        while (i < n && isDigit(s.charAt(i)) && i - from < 19) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        int digits = i - from;
        long fraction = 0;
        if (digits == 10 && i + 1 < n && s.charAt(i) == '.' && isDigit(s.charAt(i + 1))) {
            i++;
            int f = 0;
            while (i < n && isDigit(s.charAt(i))) {
                if (f < 9) {
                    fraction = fraction * 10 + (s.charAt(i) - '0');
                    f++;
                }
                i++;
            }
            for (; f < 9; f++) fraction *= 10;
        }
        if (i < n) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != ',' && c != ';' && c != ']' && c != '|') return NONE;
        }
        long t = switch (digits) {
            case 10 -> plausible(v) ? v * NANOS + fraction : NONE;
            case 13 -> plausible(v / 1_000) ? v * 1_000_000L : NONE;
            case 16 -> plausible(v / 1_000_000) ? v * 1_000L : NONE;
            case 19 -> plausible(v / NANOS) ? v : NONE;
            default -> NONE;
        };
        if (t != NONE) end = i;
        return t;
    }

    /**
     * A JSON number as an epoch time, its unit told by its size: seconds (may have a fraction or an exponent),
     * milliseconds, microseconds or nanoseconds.
     */
    static long epochNumber(String number) {
        double d;
        try {
            d = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return NONE;
        }
        if (d >= MIN_SECONDS && d < MAX_SECONDS) {
            if (number.indexOf('.') < 0 && number.indexOf('e') < 0 && number.indexOf('E') < 0) {
                return Long.parseLong(number) * NANOS;
            }
            long whole = (long) Math.floor(d);
            return whole * NANOS + Math.round((d - whole) * 1e9 / 1_000) * 1_000;
        }
        boolean integral = number.indexOf('.') < 0 && number.indexOf('e') < 0 && number.indexOf('E') < 0;
        long v = integral ? parseLongOr(number) : (long) d;
        if (v == Long.MIN_VALUE) v = (long) d;
        if (plausible(v / 1_000)) return v * 1_000_000L;
        if (plausible(v / 1_000_000)) return v * 1_000L;
        if (plausible(v / NANOS)) return v;
        return NONE;
    }

    /**
     * The first time anywhere in {@code [from, limit)}: RFC 3339-like, the common log format's (after {@code [}) or
     * day-month-year; NONE when there is none.
     */
    long find(CharSequence s, int from, int limit) {
        int n = Math.min(s.length(), limit);
        for (int i = from; i + 10 <= n; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) continue;
            if (i > 0 && isDigit(s.charAt(i - 1))) continue;
            if (i + 4 < s.length() && s.charAt(i + 4) == '-') {
                long t = rfc3339(s, i);
                if (t != NONE) return t;
            } else if (i + 2 < s.length() && s.charAt(i + 2) == '/') {
                long t = clf(s, i);
                if (t != NONE) return t;
            } else if (i + 2 < s.length() && s.charAt(i + 2) == ' ') {
                long t = dayMonthYear(s, i);
                if (t != NONE) return t;
            }
        }
        return NONE;
    }

    /** Epoch nanos of a UTC civil time minus {@code offsetSeconds}; NONE when a field is out of range. */
    static long of(int year, int month, int day, int hour, int minute, int second, long fraction,
                   long offsetSeconds) {
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour > 23 || minute > 59
                || second > 60) {
            return NONE;
        }
        long seconds = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L
                + Math.min(second, 59) - offsetSeconds;
        if (seconds < MIN_SECONDS || seconds >= MAX_SECONDS) return NONE;
        return seconds * NANOS + fraction;
    }

    private static boolean plausible(long seconds) {
        return seconds >= MIN_SECONDS && seconds < MAX_SECONDS;
    }

    private static long parseLongOr(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** The month of a three-letter English abbreviation at {@code i} ({@code Nov}), 1-12, or -1. */
    private static int month(CharSequence s, int i) {
        if (i + 3 > s.length()) return -1;
        for (int m = 0; m < 12; m++) {
            if (s.charAt(i) == MONTHS.charAt(3 * m) && s.charAt(i + 1) == MONTHS.charAt(3 * m + 1)
                    && s.charAt(i + 2) == MONTHS.charAt(3 * m + 2)) {
                return m + 1;
            }
        }
        return -1;
    }

    /** The value of {@code count} decimal digits at {@code i}, or -1. */
    static int digits(CharSequence s, int i, int count) {
        if (i + count > s.length()) return -1;
        int v = 0;
        for (int k = 0; k < count; k++) {
            char c = s.charAt(i + k);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean regionIs(CharSequence s, int i, String word) {
        if (i + word.length() > s.length()) return false;
        for (int k = 0; k < word.length(); k++) {
            if (s.charAt(i + k) != word.charAt(k)) return false;
        }
        return true;
    }
}
