package dev.aiops.domain.diagnosis;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cause a container's log gives for a failure, found by reading its last lines for the patterns that
 * matter most: missing configuration, an unreachable dependency (refused, DNS, timeout), an RBAC denial, and
 * the first line of a stack trace or fatal error.
 *
 * @param kind       what sort of cause
 * @param subject    the named thing: the variable, {@code host:port}, host, {@code verb resource}, or the error
 * @param line       the log line it was read from
 */
public record LogClue(Kind kind, String subject, String line) {

    public enum Kind { MISSING_CONFIG, CONNECTION_REFUSED, DNS_FAILURE, TIMEOUT, RBAC_FORBIDDEN, FILE_MISSING, ERROR }

    private static final int WINDOW = 80;

    private static final Pattern MISSING_ENV = Pattern.compile(
            "(?i)(?:env(?:ironment)?(?: var(?:iable)?)?|config(?:uration)?(?: key| value| property)?|setting)?\\s*"
                    + "['\"`]?([A-Z][A-Z0-9_]{2,})['\"`]?\\s+(?:is not set|is not defined|must be set|is required"
                    + "|not set|is missing|is empty|was not provided)");
    private static final Pattern MISSING_REQUIRED = Pattern.compile(
            "(?i)missing (?:required )?(?:env(?:ironment)? var(?:iable)?|config(?:uration)?(?: key| value)?|setting"
                    + "|property|parameter)s?[:=]?\\s*['\"`]?([A-Za-z][A-Za-z0-9_.-]+)");
    private static final Pattern KEY_ERROR = Pattern.compile("KeyError: '([A-Za-z0-9_]+)'");
    private static final Pattern REFUSED_HOSTPORT = Pattern.compile(
            "(?i)(?:dial tcp |connect(?:ing)? to |could not connect to (?:\\w+ )?(?:at |on )?|ECONNREFUSED |"
                    + "Connection refused[^:]*: |host )\\[?([A-Za-z0-9._-]+)\\]?:(\\d{2,5})");
    private static final Pattern REFUSED = Pattern.compile("(?i)connection refused|ECONNREFUSED|Connection refused");
    private static final Pattern DNS = Pattern.compile(
            "(?i)(?:lookup ([A-Za-z0-9._-]+)(?: on [^:]+:\\d+)?: no such host|getaddrinfo (?:ENOTFOUND|EAI_AGAIN) "
                    + "([A-Za-z0-9._-]+)|UnknownHostException: ([A-Za-z0-9._-]+)|could not resolve host:? "
                    + "([A-Za-z0-9._-]+)|could not translate host name \"([A-Za-z0-9._-]+)\"|([A-Za-z0-9._-]+): "
                    + "(?:Name or service not known|Temporary failure in name resolution|nodename nor servname))");
    private static final Pattern TIMEOUT = Pattern.compile(
            "(?i)(?:dial tcp |connect(?:ing)? to |timed out connecting to )\\[?([A-Za-z0-9._-]+)\\]?:(\\d{2,5})"
                    + ".*(?:i/o timeout|timed out|deadline exceeded)");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "forbidden: User \"([^\"]+)\" cannot (\\w+) resource \"([^\"]+)\"(?: in API group \"([^\"]*)\")?"
                    + "(?: in the namespace \"([^\"]+)\"| at the cluster scope)?");
    private static final Pattern FILE_MISSING = Pattern.compile(
            "(?i)(?:no such file or directory[:,]? ['\"]?([^'\"\\s]+)|FileNotFoundException: (\\S+)|"
                    + "open ([^:\\s]+): no such file or directory|cannot find (?:file|module) ['\"]([^'\"]+))");
    private static final Pattern STACK = Pattern.compile(
            "(?:Exception in thread \"[^\"]+\" |Caused by: |^\\s*)((?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)"
                    + "(?:: .*)?)$");
    private static final Pattern FATAL = Pattern.compile(
            "(?i)^(?:.*?\\b)?(panic: .+|fatal(?: error)?: .+|FATAL[:\\] ]+.+|Error: .+|\\w+Error: .+|ERROR[:\\] ]+.+)");

    /** The most telling clue in the last lines of {@code lines}, or null. */
    public static LogClue find(List<String> lines) {
        if (lines == null || lines.isEmpty()) return null;
        List<String> tail = lines.subList(Math.max(0, lines.size() - WINDOW), lines.size());
        LogClue best = null;
        for (String line : tail) {
            LogClue c = classify(line);
            if (c == null) continue;
            boolean better = best == null || c.kind.ordinal() < best.kind.ordinal()
                    || (c.kind == best.kind && (c.subject != null || best.subject == null));
            if (better) best = c;
        }
        return best;
    }

    /** The clue in one line, or null. */
    public static LogClue classify(String raw) {
        String line = raw.length() > 2000 ? raw.substring(0, 2000) : raw;
        Matcher m;
        if ((m = FORBIDDEN.matcher(line)).find()) {
            String group = m.group(4) == null || m.group(4).isEmpty() ? "" : m.group(4) + "/";
            String where = m.group(5) != null ? " in namespace " + m.group(5) : " at cluster scope";
            return new LogClue(Kind.RBAC_FORBIDDEN, m.group(1) + " cannot " + m.group(2) + " " + group + m.group(3)
                    + where, line.strip());
        }
        if ((m = MISSING_ENV.matcher(line)).find() || (m = MISSING_REQUIRED.matcher(line)).find()
                || (m = KEY_ERROR.matcher(line)).find()) {
            return new LogClue(Kind.MISSING_CONFIG, m.group(1), line.strip());
        }
        if (REFUSED.matcher(line).find()) {
            m = REFUSED_HOSTPORT.matcher(line);
            return new LogClue(Kind.CONNECTION_REFUSED, m.find() ? m.group(1) + ":" + m.group(2) : null, line.strip());
        }
        if ((m = DNS.matcher(line)).find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) return new LogClue(Kind.DNS_FAILURE, m.group(g), line.strip());
            }
        }
        if ((m = TIMEOUT.matcher(line)).find()) {
            return new LogClue(Kind.TIMEOUT, m.group(1) + ":" + m.group(2), line.strip());
        }
        if ((m = FILE_MISSING.matcher(line)).find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) return new LogClue(Kind.FILE_MISSING, m.group(g), line.strip());
            }
        }
        if ((m = STACK.matcher(line)).find()) {
            return new LogClue(Kind.ERROR, m.group(1).strip(), line.strip());
        }
        if (!line.contains("\"level\":\"info\"") && (m = FATAL.matcher(line)).find()) {
            return new LogClue(Kind.ERROR, m.group(1).strip(), line.strip());
        }
        return null;
    }

    /** True when the clue names a dependency the workload could not reach. */
    public boolean isDependency() {
        return kind == Kind.CONNECTION_REFUSED || kind == Kind.DNS_FAILURE || kind == Kind.TIMEOUT;
    }

    /** The host part of the subject of a dependency clue. */
    public String host() {
        if (subject == null) return null;
        int colon = subject.lastIndexOf(':');
        return colon > 0 ? subject.substring(0, colon) : subject;
    }

    /** One phrase for a root cause. */
    public String describe() {
        return switch (kind) {
            case MISSING_CONFIG -> "required configuration " + subject + " is not set";
            case CONNECTION_REFUSED -> subject == null ? "a dependency refused the connection"
                    : "connection to " + subject + " is refused";
            case DNS_FAILURE -> "host name " + subject + " does not resolve";
            case TIMEOUT -> "connection to " + subject + " times out";
            case RBAC_FORBIDDEN -> "RBAC denies it: " + subject;
            case FILE_MISSING -> "file " + subject + " does not exist";
            case ERROR -> "it fails with " + subject;
        };
    }
}
