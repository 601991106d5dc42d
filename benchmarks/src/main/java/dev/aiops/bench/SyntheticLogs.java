package dev.aiops.bench;

import java.time.Instant;
import java.util.Random;

/**
 * Container log lines in the formats the timeline reads, for {@link SyntheticCluster}: zap JSON with an RFC 3339
 * {@code ts}, pino JSON with epoch milliseconds, logfmt, klog and plain RFC 3339 text. About 3% are errors and 6%
 * warnings; a third carry a trace id; one line per log has no time (a stack-trace line).
 */
final class SyntheticLogs {

    static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
    private static final long DAY_MILLIS = 86_400_000L;
    private static final String[] PATHS = {"/api/v1/orders", "/api/v1/cart", "/healthz", "/api/v1/items/42"};

    private SyntheticLogs() {
    }

    /** Appends {@code lines} lines, the {@code format}-th format, in time order over the day. */
    static void append(StringBuilder out, int format, Random r, int lines) {
        long step = lines == 0 ? 0 : DAY_MILLIS / lines;
        for (int k = 0; k < lines; k++) {
            Instant t = START.plusMillis(k * step + r.nextInt((int) Math.max(1, step)));
            int roll = r.nextInt(100);
            String level = roll < 3 ? "error" : roll < 9 ? "warn" : "info";
            String trace = r.nextInt(3) == 0 ? Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()) : null;
            String path = PATHS[r.nextInt(PATHS.length)];
            int status = level.equals("error") ? 500 : 200;
            if (k == lines / 2) {
                out.append("\tat com.example.orders.OrderService.place(OrderService.java:118)\n");
            }
            switch (format % 5) {
                case 0 -> out.append("{\"level\":\"").append(level).append("\",\"ts\":\"").append(t)
                        .append("\",\"caller\":\"http/log.go:34\",\"msg\":\"request\",\"path\":\"").append(path)
                        .append("\",\"status\":").append(status)
                        .append(trace == null ? "" : ",\"trace_id\":\"" + trace + "\"").append("}\n");
                case 1 -> out.append("{\"level\":").append(level.equals("error") ? 50 : level.equals("warn") ? 40 : 30)
                        .append(",\"time\":").append(t.toEpochMilli()).append(",\"pid\":1,")
                        .append(trace == null ? "" : "\"reqId\":\"" + trace + "\",").append("\"msg\":\"request completed\"}\n");
                case 2 -> out.append("time=").append(t).append(" level=").append(level).append(" msg=\"handled ")
                        .append(path).append("\" status=").append(status)
                        .append(trace == null ? "" : " trace_id=" + trace).append('\n');
                case 3 -> out.append(level.equals("error") ? 'E' : level.equals("warn") ? 'W' : 'I')
                        .append(klog(t)).append("       1 controller.go:").append(100 + r.nextInt(200))
                        .append("] \"Reconciled\" object=\"").append(path).append("\"\n");
                default -> out.append(t).append(' ').append(level.toUpperCase()).append("  [main] c.e.Handler - ")
                        .append(path).append(" answered ").append(status).append('\n');
            }
        }
    }

    /**
     * Twelve lines, one every 5 seconds at the end of the day, of the {@code kind}-th trouble of a Running pod: a
     * refused database connection (Go), a client-go list denied by RBAC (klog), an unknown TLS authority (Java), a
     * DNS failure (logfmt), a 401 from another service (zap JSON).
     */
    static void appendTrouble(StringBuilder out, int kind, String ns, Random r) {
        Instant end = START.plusMillis(DAY_MILLIS);
        for (int k = 12; k > 0; k--) {
            Instant t = end.minusSeconds(5L * k).plusMillis(r.nextInt(1000));
            switch (kind % 5) {
                case 0 -> out.append(t).append(" ERROR failed to connect to database: dial tcp 10.0.9.9:5432: connect:"
                        + " connection refused\n");
                case 1 -> out.append('E').append(klog(t)).append("       1 reflector.go:147] k8s.io/client-go/informers/"
                        + "factory.go:159: Failed to watch *v1.Pod: failed to list *v1.Pod: pods is forbidden: User"
                        + " \"system:serviceaccount:").append(ns).append(":sync\" cannot list resource \"pods\" in API"
                        + " group \"\" at the cluster scope\n");
                case 2 -> out.append(t).append(" ERROR [pool-1-thread-3] c.e.Client - call failed: javax.net.ssl."
                        + "SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath."
                        + "SunCertPathBuilderException: unable to find valid certification path to requested target\n");
                case 3 -> out.append("time=").append(t).append(" level=error msg=\"cache unavailable\" error=\"dial tcp:"
                        + " lookup redis-cache on 10.96.0.10:53: no such host\"\n");
                default -> out.append("{\"level\":\"error\",\"ts\":\"").append(t).append("\",\"msg\":\"upstream"
                        + " rejected the call\",\"url\":\"http://billing.payments:8080/v1/charge\",\"status\":401,"
                        + "\"error\":\"401 Unauthorized\"}\n");
            }
        }
    }

    /** {@code MMDD hh:mm:ss.uuuuuu}. */
    private static String klog(Instant t) {
        String s = t.toString();
        String fraction = s.length() > 20 ? (s.substring(20, s.length() - 1) + "000000").substring(0, 6) : "000000";
        return s.substring(5, 7) + s.substring(8, 10) + " " + s.substring(11, 19) + "." + fraction;
    }
}
