package dev.aiops.infra.k8s;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from log lines before any other component, report or model sees them: bearer and basic
 * credentials, password/token/key assignments (plain, JSON and YAML style), credentials in connection strings,
 * private key blocks, JWTs, cloud access keys, and the literal values of the cluster's Secrets.
 */
public final class LogRedactor {

    public static final String MASK = "[REDACTED]";

    private static final Pattern AUTH_HEADER = Pattern.compile(
            "(?i)\\b(authorization\\s*[:=]\\s*\"?(?:bearer|basic|token)\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/-]{8,}=*");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)((?:\"|')?[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|"
                    + "private[_-]?key|client[_-]?secret|credentials?)(?:\"|')?\\s*[:=]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;&}]+)");
    private static final Pattern URL_CREDENTIALS = Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\\s]+:)([^@/\\s]+)(@)");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}");
    private static final Pattern AWS_KEY = Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)");

    /** A redacted line and how many secrets were taken out of it. */
    public record Redacted(String line, int count) {
    }

    private final List<String> secretValues;

    private LogRedactor(Collection<String> secretValues) {
        List<String> values = new ArrayList<>();
        for (String v : secretValues) {
            if (v != null && v.strip().length() >= 4) values.add(v.strip());
        }
        values.sort(Comparator.comparingInt(String::length).reversed());
        this.secretValues = List.copyOf(values);
    }

    /** A redactor for the usual patterns only. */
    public static LogRedactor standard() {
        return new LogRedactor(List.of());
    }

    /** A redactor that also masks these literal values (the decoded values of the cluster's Secrets). */
    public static LogRedactor withSecretValues(Collection<String> values) {
        return new LogRedactor(values);
    }

    public Redacted redact(String line) {
        int[] count = {0};
        String s = line;
        for (String v : secretValues) {
            int at = s.indexOf(v);
            if (at < 0) continue;
            // occurrences, counted before replacing: a mask longer than the value makes length arithmetic useless
            for (; at >= 0; at = s.indexOf(v, at + v.length())) count[0]++;
            s = s.replace(v, MASK);
        }
        // each pattern needs a literal that a line without secrets rarely has; looking for it first is much cheaper
        String lower = s.toLowerCase(Locale.ROOT);
        if (s.contains("-----BEGIN ")) s = replace(PRIVATE_KEY, s, m -> MASK, count);
        if (lower.contains("authorization")) s = replace(AUTH_HEADER, s, m -> m.group(1) + MASK, count);
        if (lower.contains("bearer")) s = replace(BEARER, s, m -> m.group(1) + MASK, count);
        if (s.contains("://")) s = replace(URL_CREDENTIALS, s, m -> m.group(1) + MASK + m.group(3), count);
        if ((s.indexOf(':') >= 0 || s.indexOf('=') >= 0) && (lower.contains("pass") || lower.contains("pwd")
                || lower.contains("secret") || lower.contains("token") || lower.contains("key")
                || lower.contains("credential"))) {
            s = replace(ASSIGNMENT, s, m -> m.group(2).contains(MASK) ? m.group() : m.group(1) + quoteLike(m.group(2)),
                    count);
        }
        if (s.contains("eyJ")) s = replace(JWT, s, m -> MASK, count);
        if (s.contains("AKIA") || s.contains("ASIA")) s = replace(AWS_KEY, s, m -> MASK, count);
        return new Redacted(s, count[0]);
    }

    /** Redacts every line; returns the lines and adds the number of redactions to {@code counter[0]}. */
    public List<String> redactAll(List<String> lines, int[] counter) {
        List<String> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            Redacted r = redact(l);
            out.add(r.line());
            if (counter != null) counter[0] += r.count();
        }
        return out;
    }

    private static String quoteLike(String value) {
        if (value.startsWith("\"")) return "\"" + MASK + "\"";
        if (value.startsWith("'")) return "'" + MASK + "'";
        return MASK;
    }

    private interface Replacement {
        String apply(Matcher m);
    }

    private static String replace(Pattern p, String s, Replacement r, int[] count) {
        Matcher m = p.matcher(s);
        if (!m.find()) return s;
        StringBuilder sb = new StringBuilder();
        do {
            String rep = r.apply(m);
            if (!rep.equals(m.group())) count[0]++;
            m.appendReplacement(sb, Matcher.quoteReplacement(rep));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
