package dev.aiops.domain.diagnosis;

import dev.aiops.infra.k8s.LiteralSet;
import dev.aiops.infra.k8s.LogText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cause a container's log gives for a failure, found by reading its last lines for the patterns that
 * matter most: missing configuration, an unreachable dependency (refused, DNS, timeout), an RBAC denial, a TLS
 * failure or a rejected call to another service, and the first line of a stack trace or fatal error. A line is
 * matched against the expressions only when it holds one of {@link #WORDS}, which every expression needs.
 *
 * @param kind       what sort of cause
 * @param subject    the named thing: the variable, {@code host:port}, host, {@code verb resource}, or the error
 * @param line       the log line it was read from
 */
public record LogClue(Kind kind, String subject, String line) {

    /** Sorts of causes, most telling first. */
    public enum Kind {
        MISSING_CONFIG, CONNECTION_REFUSED, DNS_FAILURE, TIMEOUT, RBAC_FORBIDDEN, TLS_FAILURE, AUTH_REJECTED,
        FILE_MISSING, ERROR
    }

    private static final int WINDOW = 80;

    /**
     * Words at least one of which (ignoring case) every expression below needs to match: a line without any of them
     * has no clue, and is never matched against the expressions.
     */
    public static final LiteralSet WORDS = LiteralSet.of(List.of(
            "forbidden", "not set", "not defined", "must be set", "is required", "is empty", "not provided", "missing",
            "error", "exception", "fatal", "panic", "refused", "could not be established", "no such host", "enotfound",
            "eai_again", "unknownhost", "could not resolve", "could not translate", "not known", "name resolution",
            "nodename nor servname", "timeout", "timed out", "deadline exceeded", "no such file", "cannot find",
            "x509", "certificate", "tls", "ssl", "pkix", "handshake", "unauthorized", "unauthenticated", "permissiondenied",
            "permission_denied"));

    private static final Pattern MISSING_ENV = Pattern.compile(
            "(?i)(?:env(?:ironment)?(?: var(?:iable)?)?|config(?:uration)?(?: key| value| property)?|setting)?\\s*"
                    + "['\"`]?([A-Z][A-Z0-9_]{2,})['\"`]?\\s+(?:is not set|is not defined|must be set|is required"
                    + "|not set|is missing|is empty|was not provided)");
    private static final Pattern MISSING_REQUIRED = Pattern.compile(
            "(?i)missing (?:required )?(?:env(?:ironment)? var(?:iable)?|config(?:uration)?(?: key| value)?|setting"
                    + "|property|parameter)s?[:=]?\\s*['\"`]?([A-Za-z][A-Za-z0-9_.-]+)");
    private static final Pattern KEY_ERROR = Pattern.compile("KeyError: '([A-Za-z0-9_]+)'");
    private static final Pattern REFUSED_HOSTPORT = Pattern.compile(
            "(?i)(?:dial tcp |connect(?:ing)? to |connection to (?:node \\S+ \\()?|could not connect to (?:\\w+ )?"
                    + "(?:at |on )?|ECONNREFUSED |Connection refused[^:]*: |host )\\[?([A-Za-z0-9._-]+)(?:/[0-9.]+)?\\]?"
                    + ":(\\d{2,5})");
    private static final Pattern REFUSED = Pattern.compile(
            "(?i)connection refused|ECONNREFUSED|connection to \\S+ refused|could not be established");
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
    private static final Pattern TLS = Pattern.compile(
            "(x509: .+|tls: (?:failed.*|bad certificate|handshake failure|unknown certificate.*|certificate required"
                    + "|first record does not look like a TLS handshake|protocol version not supported|no cipher suite.*)"
                    + "|SSL\\w*Exception: .+|CertificateExpiredException.*|\\[SSL: CERTIFICATE_VERIFY_FAILED\\].+"
                    + "|(?i:certificate verify failed.*|PKIX path building failed.*))");
    private static final Pattern AUTH = Pattern.compile(
            "(?i)(?:\\b(401|403)\\b[^\\n]{0,40}?\\b(?:unauthorized|forbidden)\\b|\\b(?:unauthorized|forbidden)\\b[^\\n]{0,40}?"
                    + "\\b(401|403)\\b|\\$(Unauthorized|Forbidden)\\b|\\bUNAUTHENTICATED\\b|\\bPERMISSION_?DENIED\\b)");
    private static final Pattern URL_HOST = Pattern.compile("(?i)\\b(?:https?|grpcs?|wss?)://([A-Za-z0-9._-]+(?::\\d{2,5})?)");
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
        List<String> tail;
        if (lines instanceof LogText text) {
            // only the lines holding one of the words are read (and redacted)
            LogText last = text.tail(WINDOW);
            List<Integer> hits = new ArrayList<>();
            last.forEachLineWith(WORDS, hits::add);
            tail = new ArrayList<>(hits.size());
            for (int i : hits) tail.add(last.get(i));
        } else {
            tail = lines.subList(Math.max(0, lines.size() - WINDOW), lines.size());
        }
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
        return classify(raw, true);
    }

    /** The clue in one line; without {@code prefilter} every expression runs (to test that the words miss none). */
    static LogClue classify(String raw, boolean prefilter) {
        String line = raw.length() > 2000 ? raw.substring(0, 2000) : raw;
        if (prefilter && !WORDS.foundIn(line)) return null;
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
        if ((m = TLS.matcher(line)).find()) {
            return new LogClue(Kind.TLS_FAILURE, urlHost(line), line.strip());
        }
        if (AUTH.matcher(line).find()) {
            return new LogClue(Kind.AUTH_REJECTED, urlHost(line), line.strip());
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

    private static String urlHost(String line) {
        Matcher m = URL_HOST.matcher(line);
        if (m.find()) return m.group(1);
        m = REFUSED_HOSTPORT.matcher(line);
        return m.find() ? m.group(1) + ":" + m.group(2) : null;
    }

    /**
     * True when the clue names a dependency the workload could not reach or use: refused, unresolved, timed out, a
     * TLS failure, or a call rejected for its credentials.
     */
    public boolean isDependency() {
        return kind == Kind.CONNECTION_REFUSED || kind == Kind.DNS_FAILURE || kind == Kind.TIMEOUT
                || kind == Kind.TLS_FAILURE || kind == Kind.AUTH_REJECTED;
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
            case TLS_FAILURE -> (subject == null ? "a TLS connection" : "the TLS connection to " + subject)
                    + " fails: " + tlsReason();
            case AUTH_REJECTED -> (subject == null ? "a service" : subject) + " rejects its credentials ("
                    + (line.contains("403") || line.toLowerCase(Locale.ROOT).contains("forbidden")
                    ? "403 Forbidden" : "401 Unauthorized") + ")";
            case FILE_MISSING -> "file " + subject + " does not exist";
            case ERROR -> "it fails with " + subject;
        };
    }

    /** What the TLS failure says, in the words of Go's and Java's messages. */
    private String tlsReason() {
        String l = line.toLowerCase(Locale.ROOT);
        if (l.contains("expired") || l.contains("notafter") || l.contains("is after")) return "the certificate has expired";
        if (l.contains("unknown authority") || l.contains("pkix") || l.contains("unable to find valid certification")
                || l.contains("unable to get local issuer")) {
            return "the certificate is signed by an authority the client does not trust";
        }
        if (l.contains("is valid for") || l.contains("hostname mismatch") || l.contains("doesn't match")
                || l.contains("no subject alternative")) {
            return "the certificate is not valid for the host name";
        }
        return "the handshake fails";
    }
}
