package dev.aiops.infra.k8s;

import java.util.Objects;

/** What to read and how hard to push the API server; immutable, start from {@link #defaults()}. */
public final class LiveReadOptions {
    private final String namespace;
    private final String labelSelector;
    private final int pageSize;
    private final int maxConcurrency;
    private final int logTailLines;
    private final int maxPodsWithLogs;
    private final ClusterSnapshot.Source source;

    private LiveReadOptions(String namespace, String labelSelector, int pageSize, int maxConcurrency, int logTailLines,
                    int maxPodsWithLogs, ClusterSnapshot.Source source) {
        this.namespace = namespace;
        this.labelSelector = labelSelector;
        this.pageSize = pageSize;
        this.maxConcurrency = maxConcurrency;
        this.logTailLines = logTailLines;
        this.maxPodsWithLogs = maxPodsWithLogs;
        this.source = source;
    }

    /** All namespaces, no selector, pages of 500, 4 requests at a time, 200 log lines, logs of 100 pods. */
    public static LiveReadOptions defaults() {
        return new LiveReadOptions(null, null, 500, 4, 200, 100, null);
    }

    /** Reads namespaced kinds in this namespace only (cluster-scoped kinds are still read); null for all. */
    public LiveReadOptions namespace(String namespace) {
        return new LiveReadOptions(blankToNull(namespace), labelSelector, pageSize, maxConcurrency, logTailLines,
                maxPodsWithLogs, source);
    }

    /**
     * A label selector ({@code app=cart,tier!=db}) for pods and their controllers (Deployments, ReplicaSets,
     * StatefulSets, DaemonSets, Jobs, CronJobs); the other kinds are read whole, as context.
     */
    public LiveReadOptions labelSelector(String labelSelector) {
        return new LiveReadOptions(namespace, blankToNull(labelSelector), pageSize, maxConcurrency, logTailLines,
                maxPodsWithLogs, source);
    }

    /** Objects per list request ({@code limit}), 1 to 10000. */
    public LiveReadOptions pageSize(int pageSize) {
        if (pageSize < 1 || pageSize > 10_000) throw new IllegalArgumentException("pageSize must be 1..10000");
        return new LiveReadOptions(namespace, labelSelector, pageSize, maxConcurrency, logTailLines, maxPodsWithLogs,
                source);
    }

    /** Requests in flight at once, 1 to 64. */
    public LiveReadOptions maxConcurrency(int maxConcurrency) {
        if (maxConcurrency < 1 || maxConcurrency > 64) {
            throw new IllegalArgumentException("maxConcurrency must be 1..64");
        }
        return new LiveReadOptions(namespace, labelSelector, pageSize, maxConcurrency, logTailLines, maxPodsWithLogs,
                source);
    }

    /** Last lines of each container log ({@code tailLines}); 0 reads no logs. */
    public LiveReadOptions logTailLines(int logTailLines) {
        if (logTailLines < 0) throw new IllegalArgumentException("logTailLines must be >= 0");
        return new LiveReadOptions(namespace, labelSelector, pageSize, maxConcurrency, logTailLines, maxPodsWithLogs,
                source);
    }

    /** Unhealthy pods whose logs are read at most; past that a warning says how many were skipped. */
    public LiveReadOptions maxPodsWithLogs(int maxPodsWithLogs) {
        if (maxPodsWithLogs < 0) throw new IllegalArgumentException("maxPodsWithLogs must be >= 0");
        return new LiveReadOptions(namespace, labelSelector, pageSize, maxConcurrency, logTailLines, maxPodsWithLogs,
                source);
    }

    /** The snapshot's source; by default {@code live} and the client's current context (else its URL). */
    public LiveReadOptions source(ClusterSnapshot.Source source) {
        return new LiveReadOptions(namespace, labelSelector, pageSize, maxConcurrency, logTailLines, maxPodsWithLogs,
                source);
    }

    public String namespace() {
        return namespace;
    }

    public String labelSelector() {
        return labelSelector;
    }

    public int pageSize() {
        return pageSize;
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    public int logTailLines() {
        return logTailLines;
    }

    public int maxPodsWithLogs() {
        return maxPodsWithLogs;
    }

    public ClusterSnapshot.Source source() {
        return source;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
