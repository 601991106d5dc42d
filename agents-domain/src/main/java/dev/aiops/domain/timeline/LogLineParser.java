package dev.aiops.domain.timeline;

import static dev.aiops.domain.timeline.TimeScanner.NONE;
import static dev.aiops.domain.timeline.TimeScanner.isDigit;

import dev.aiops.domain.timeline.TimelineEntry.Level;

/**
 * Reads the time, level and correlation id of one container log line, in the formats containers write:
 * <ul>
 *   <li>RFC 3339 at the start, with or without a fraction or offset (also {@code kubectl logs --timestamps}'
 *       prefix, and {@code 2026-11-21 09:21:59,123} as Python and log4j write it);</li>
 *   <li>klog ({@code E1207 10:15:03.123456    1 file.go:42] msg}; the year from the container's start or the
 *       snapshot's time);</li>
 *   <li>JSON with {@code ts}, {@code time}, {@code timestamp} or {@code @timestamp} as a string or an epoch number
 *       (seconds, milliseconds, microseconds or nanoseconds, told by size);</li>
 *   <li>logfmt ({@code time=... level=... msg=...}, also {@code ts=});</li>
 *   <li>epoch seconds or milliseconds at the start;</li>
 *   <li>anywhere in the first 100 characters: an RFC 3339-like time ({@code [2026-11-21 09:21:59 +0000]}), the
 *       common log format's ({@code [21/Nov/2026:15:10:48 +0000]}) or {@code 21 Nov 2026 15:29:09.705}.</li>
 * </ul>
 * The level comes from a level field ({@code level}, {@code lvl}, {@code severity}, {@code levelname},
 * {@code log.level}; names or pino's and syslog's numbers), klog's letter, or else the first level word near the
 * start of the line ({@code ERROR}, {@code warn}, {@code [INFO]}, {@code Exception}...). The correlation id comes
 * from {@code trace_id}/{@code traceId}, W3C {@code traceparent} (its trace id), {@code correlation_id} or
 * {@code request_id} (and their spellings), as JSON fields or {@code key=value}, in that order of preference.
 *
 * <p>{@link #time} reads as little as it needs (lines outside a window cost only that); {@link #details} then reads
 * the rest of the same line. Not thread-safe: one per thread.
 */
final class LogLineParser {

    private static final int HEAD = 160;
    private static final int SEARCH = 100;

    private enum Format { PLAIN, KLOG, JSON, LOGFMT }

    private static final int K_OTHER = 0;
    private static final int K_TIME = 1;
    private static final int K_LEVEL = 2;
    private static final int K_TRACE = 3;
    private static final int K_CORRELATION = 4;
    private static final int K_REQUEST = 5;

    private final TimeScanner times = new TimeScanner();
    private Format format;
    /** Where the part after the time starts (PLAIN, KLOG), or the JSON object starts (JSON). */
    private int rest;

    /** Set by {@link #details}. */
    Level level;
    String correlationId;
    private int correlationRank;

    /**
     * The time the line was written, epoch nanos, or {@link TimeScanner#NONE}.
     *
     * @param reference        for times written without a year: the container's start ({@code referenceIsStart}) or
     *                         the snapshot's latest time
     */
    long time(String line, long reference, boolean referenceIsStart) {
        format = Format.PLAIN;
        rest = 0;
        int n = line.length();
        if (n == 0) return NONE;
        char c = line.charAt(0);
        if (isDigit(c)) {
            long t = n > 4 && line.charAt(4) == '-' ? times.rfc3339(line, 0) : times.epoch(line, 0);
            if (t != NONE) {
                rest = skipSpaces(line, times.end);
                return t;
            }
        } else if (n > 14 && isDigit(line.charAt(1)) && (c == 'I' || c == 'W' || c == 'E' || c == 'F')) {
            long t = times.klog(line, 0, reference, referenceIsStart);
            if (t != NONE) {
                format = Format.KLOG;
                int bracket = line.indexOf("] ", times.end);
                rest = bracket < 0 ? times.end : bracket + 2;
                return t;
            }
        } else if (c == '{') {
            format = Format.JSON;
            return scanJson(line, 0, true);
        }
        int eq = line.indexOf('=');
        if (eq > 0 && eq < HEAD) {
            long t = scanLogfmt(line, 0, true);
            if (t != NONE) {
                format = Format.LOGFMT;
                return t;
            }
        }
        long t = times.find(line, 0, SEARCH);
        if (t != NONE) rest = skipSpaces(line, times.end);
        return t;
    }

    /** Level and correlation id of the line last given to {@link #time}. */
    void details(String line) {
        level = null;
        correlationId = null;
        correlationRank = Integer.MAX_VALUE;
        switch (format) {
            case JSON -> scanJson(line, 0, false);
            case LOGFMT -> scanLogfmt(line, 0, false);
            case KLOG -> {
                char c = line.charAt(0);
                level = c == 'E' || c == 'F' ? Level.ERROR : c == 'W' ? Level.WARNING : Level.INFO;
                if (line.indexOf('=', rest) > 0) scanLogfmt(line, rest, false);
            }
            default -> {
                if (rest < line.length() && line.charAt(rest) == '{') {
                    scanJson(line, rest, false);
                } else if (line.indexOf('=', rest) > 0) {
                    scanLogfmt(line, rest, false);
                }
            }
        }
        if (level == null) level = levelWord(line, 0);
    }

    // ---- JSON: top-level members only, without building a tree

    /** Reads the object at {@code from}; with {@code timeOnly} stops at the time. Returns the time or NONE. */
    private long scanJson(String s, int from, boolean timeOnly) {
        int n = s.length();
        int i = skipSpaces(s, from + 1);
        long time = NONE;
        while (i < n && s.charAt(i) == '"') {
            int keyStart = i + 1;
            int keyEnd = stringEnd(s, i);
            if (keyEnd < 0) break;
            i = skipSpaces(s, keyEnd + 1);
            if (i >= n || s.charAt(i) != ':') break;
            i = skipSpaces(s, i + 1);
            if (i >= n) break;
            int kind = key(s, keyStart, keyEnd);
            int valueStart;
            int valueEnd;
            int next;
            if (s.charAt(i) == '"') {
                valueStart = i + 1;
                valueEnd = stringEnd(s, i);
                if (valueEnd < 0) break;
                next = valueEnd + 1;
            } else {
                valueStart = i;
                next = skipValue(s, i);
                valueEnd = next;
                while (valueEnd > valueStart && s.charAt(valueEnd - 1) == ' ') valueEnd--;
            }
            if (kind == K_TIME && time == NONE) {
                time = valueTime(s, valueStart, valueEnd, s.charAt(i) == '"');
                if (timeOnly && time != NONE) return time;
            } else if (!timeOnly) {
                take(kind, s, valueStart, valueEnd);
            }
            i = skipSpaces(s, next);
            if (i < n && s.charAt(i) == ',') i = skipSpaces(s, i + 1);
            else break;
        }
        return time;
    }

    /** Index of the closing quote of the string opened at {@code open}, or -1. */
    private static int stringEnd(String s, int open) {
        int n = s.length();
        for (int i = open + 1; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == '"') return i;
        }
        return -1;
    }

    /** Index after a value that is not a string: a number, literal, object or array. */
    private static int skipValue(String s, int i) {
        int n = s.length();
        char c = s.charAt(i);
        if (c == '{' || c == '[') {
            int depth = 0;
            for (; i < n; i++) {
                char d = s.charAt(i);
                if (d == '"') {
                    int e = stringEnd(s, i);
                    if (e < 0) return n;
                    i = e;
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    if (--depth == 0) return i + 1;
                }
            }
            return n;
        }
        while (i < n && (c = s.charAt(i)) != ',' && c != '}' && c != ']') i++;
        return i;
    }

    private long valueTime(String s, int start, int end, boolean string) {
        if (end <= start) return NONE;
        if (!string || isDigit(s.charAt(start)) && !(start + 4 < end && s.charAt(start + 4) == '-')) {
            long t = TimeScanner.epochNumber(s.substring(start, end));
            if (t != NONE || !string) return t;
        }
        long t = times.rfc3339(s, start);
        return t != NONE && times.end <= end ? t : NONE;
    }

    // ---- logfmt: key=value and key="quoted value"

    private long scanLogfmt(String s, int from, boolean timeOnly) {
        int n = s.length();
        int i = from;
        long time = NONE;
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') i++;
            int keyStart = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ' ') i++;
            if (i >= n || s.charAt(i) != '=' || i == keyStart) {
                // a word without '=': skip it, unless the words say this is not logfmt at all
                if (timeOnly && keyStart == from && i < n) return NONE;
                while (i < n && s.charAt(i) != ' ') i++;
                continue;
            }
            int keyEnd = i;
            i++;
            int valueStart;
            int valueEnd;
            if (i < n && s.charAt(i) == '"') {
                valueStart = i + 1;
                valueEnd = stringEnd(s, i);
                if (valueEnd < 0) valueEnd = n;
                i = Math.min(n, valueEnd + 1);
            } else {
                valueStart = i;
                while (i < n && s.charAt(i) != ' ') i++;
                valueEnd = i;
            }
            int kind = key(s, keyStart, keyEnd);
            if (kind == K_TIME && time == NONE) {
                time = valueTime(s, valueStart, valueEnd, true);
                if (timeOnly && time != NONE) return time;
            } else if (!timeOnly) {
                take(kind, s, valueStart, valueEnd);
            }
        }
        return time;
    }

    // ---- fields

    private void take(int kind, String s, int start, int end) {
        if (kind == K_LEVEL) {
            if (level == null) level = levelValue(s, start, end);
        } else if (kind >= K_TRACE && end > start) {
            int rank = kind - K_TRACE;
            if (rank < correlationRank) {
                String v = s.substring(start, end);
                if (v.indexOf('\\') >= 0) v = v.replace("\\", "");
                String id = traceparent(v);
                if (!id.isEmpty() && !id.equals("null") && !id.equals("-")) {
                    correlationId = id;
                    correlationRank = rank;
                }
            }
        }
    }

    /** W3C {@code traceparent} ({@code 00-TRACEID-SPANID-FLAGS}) is its trace id; anything else as it is. */
    private static String traceparent(String v) {
        if (v.length() == 55 && v.charAt(2) == '-' && v.charAt(35) == '-' && v.charAt(52) == '-') {
            return v.substring(3, 35);
        }
        return v;
    }

    /**
     * What a key means, ignoring case and the separators {@code _ - .}: a time, a level, or a trace, correlation or
     * request id.
     */
    private static int key(String s, int start, int end) {
        int len = 0;
        char first = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '_' || c == '-' || c == '.') continue;
            if (len == 0) first = Character.toLowerCase(c);
            len++;
        }
        return switch (first) {
            case 't' -> is(s, start, end, len, "ts") || is(s, start, end, len, "time")
                    || is(s, start, end, len, "timestamp") ? K_TIME
                    : is(s, start, end, len, "traceid") || is(s, start, end, len, "traceparent") ? K_TRACE : K_OTHER;
            case '@' -> is(s, start, end, len, "@timestamp") ? K_TIME : K_OTHER;
            case 'l' -> is(s, start, end, len, "level") || is(s, start, end, len, "lvl")
                    || is(s, start, end, len, "levelname") || is(s, start, end, len, "loglevel") ? K_LEVEL : K_OTHER;
            case 's' -> is(s, start, end, len, "severity") ? K_LEVEL : K_OTHER;
            case 'c' -> is(s, start, end, len, "correlationid") ? K_CORRELATION : K_OTHER;
            case 'x' -> is(s, start, end, len, "xcorrelationid") ? K_CORRELATION
                    : is(s, start, end, len, "xrequestid") ? K_REQUEST : K_OTHER;
            case 'r' -> is(s, start, end, len, "requestid") || is(s, start, end, len, "reqid") ? K_REQUEST : K_OTHER;
            case 'd' -> is(s, start, end, len, "ddtraceid") ? K_TRACE : K_OTHER;
            default -> K_OTHER;
        };
    }

    private static boolean is(String s, int start, int end, int len, String normalized) {
        if (len != normalized.length()) return false;
        int k = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '_' || c == '-' || c == '.') continue;
            if (Character.toLowerCase(c) != normalized.charAt(k++)) return false;
        }
        return true;
    }

    /** A level field's value: a name, or a number on pino's scale (10-60) or syslog's (0-7). */
    static Level levelValue(String s, int start, int end) {
        if (end <= start) return null;
        if (isDigit(s.charAt(start))) {
            int v = 0;
            for (int i = start; i < end && i < start + 4 && isDigit(s.charAt(i)); i++) v = v * 10 + s.charAt(i) - '0';
            if (v >= 10) return v >= 50 ? Level.ERROR : v >= 40 ? Level.WARNING : Level.INFO;
            return v <= 3 ? Level.ERROR : v == 4 ? Level.WARNING : Level.INFO;
        }
        Level l = word(s, start, end);
        if (l != null) return l;
        char c = Character.toLowerCase(s.charAt(start));
        if (end - start == 1) return c == 'e' || c == 'f' ? Level.ERROR : c == 'w' ? Level.WARNING : Level.INFO;
        return Level.INFO;
    }

    /**
     * The level of the first level word in the head of the line: error words ({@code error}, {@code fatal},
     * {@code panic}, {@code critical}, {@code severe}, {@code Exception}, {@code Traceback}, a word ending in
     * {@code Exception} or {@code Error}...), warning words ({@code warn}, {@code warning}), or info words
     * ({@code info}, {@code debug}, {@code notice}); info when there is none.
     */
    static Level levelWord(String s, int from) {
        int n = Math.min(s.length(), from + HEAD);
        int i = from;
        while (i < n) {
            while (i < n && !Character.isLetter(s.charAt(i))) i++;
            int start = i;
            while (i < n && Character.isLetter(s.charAt(i))) i++;
            if (i - start < 3) continue;
            Level l = word(s, start, i);
            if (l != null) return l;
            if (i - start > 5 && Character.isUpperCase(s.charAt(start))
                    && (s.startsWith("Exception", i - 9) && i - start > 9 || s.startsWith("Error", i - 5))) {
                return Level.ERROR;
            }
        }
        return Level.INFO;
    }

    private static final String[] ERROR_WORDS = {"error", "err", "fatal", "panic", "critical", "crit", "severe",
        "emerg", "exception", "traceback", "ftl", "dpanic"};
    private static final String[] WARNING_WORDS = {"warn", "warning", "wrn"};
    private static final String[] INFO_WORDS = {"info", "inf", "notice", "debug", "dbg"};

    /** The level a word names, ignoring case; null when it names none. */
    private static Level word(String s, int start, int end) {
        int len = end - start;
        if (len < 3 || len > 9) return null;
        for (String w : ERROR_WORDS) if (w.length() == len && s.regionMatches(true, start, w, 0, len)) return Level.ERROR;
        for (String w : WARNING_WORDS) if (w.length() == len && s.regionMatches(true, start, w, 0, len)) return Level.WARNING;
        for (String w : INFO_WORDS) if (w.length() == len && s.regionMatches(true, start, w, 0, len)) return Level.INFO;
        return null;
    }

    private static int skipSpaces(String s, int i) {
        int n = s.length();
        while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        return i;
    }
}
