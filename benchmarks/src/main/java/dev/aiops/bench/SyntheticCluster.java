package dev.aiops.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a synthetic cluster in the layout of {@code kubectl cluster-info dump --all-namespaces
 * --output-directory}: Deployments with ReplicaSets, pods (5% crash-looping with logs), Services, events and
 * nodes, shaped like real API output, for benchmarks at scale.
 */
public final class SyntheticCluster {

    private SyntheticCluster() {
    }

    /** Writes {@code deployments} Deployments with {@code podsPerDeployment} pods and {@code eventsPerPod} events each. */
    public static void write(Path dir, int namespaces, int deployments, int podsPerDeployment, int eventsPerPod,
                             int nodes) throws IOException {
        write(dir, namespaces, deployments, podsPerDeployment, eventsPerPod, nodes, 0);
    }

    /**
     * The same cluster, where every pod also has a log of {@code logLinesPerPod} lines spread over the 24 hours from
     * 2026-11-20T00:00Z, each Deployment's in one of five formats (see {@link SyntheticLogs}); the crash-looping pods'
     * lines come after them.
     */
    public static void write(Path dir, int namespaces, int deployments, int podsPerDeployment, int eventsPerPod,
                             int nodes, int logLinesPerPod) throws IOException {
        write(dir, namespaces, deployments, podsPerDeployment, eventsPerPod, nodes, logLinesPerPod, false);
    }

    /**
     * The same cluster with logs; when {@code troubled}, the pods of one Deployment in a hundred (the 18th of each namespace) are Running and
     * Ready but keep logging one error (see {@link SyntheticLogs#appendTrouble}) in their last lines.
     */
    public static void write(Path dir, int namespaces, int deployments, int podsPerDeployment, int eventsPerPod,
                             int nodes, int logLinesPerPod, boolean troubled) throws IOException {
        Random r = new Random(42);
        // logs draw from their own sequence, so the same pods crash with or without them
        Random logs = new Random(7);
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve("nodes.json"), StandardCharsets.UTF_8)) {
            w.write("{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[");
            for (int i = 0; i < nodes; i++) {
                if (i > 0) w.write(',');
                w.write("{\"metadata\":{\"name\":\"node-" + i + "\",\"uid\":\"n" + i + "\",\"labels\":{\"kubernetes.io/os\":"
                        + "\"linux\"}},\"spec\":{},\"status\":{\"capacity\":{\"cpu\":\"8\",\"memory\":\"32Gi\"},"
                        + "\"allocatable\":{\"cpu\":\"7800m\",\"memory\":\"28Gi\"},\"conditions\":[{\"type\":\"Ready\","
                        + "\"status\":\"True\",\"reason\":\"KubeletReady\"},{\"type\":\"MemoryPressure\",\"status\":"
                        + "\"False\"}]}}");
            }
            w.write("]}");
        }
        int perNs = deployments / namespaces;
        for (int n = 0; n < namespaces; n++) {
            String ns = "team-" + n;
            Path nsDir = Files.createDirectories(dir.resolve(ns));
            try (Writer dw = writer(nsDir, "deployments.json", "DeploymentList");
                 Writer rw = writer(nsDir, "replicasets.json", "ReplicaSetList");
                 Writer sw = writer(nsDir, "services.json", "ServiceList");
                 Writer pw = writer(nsDir, "pods.json", "PodList");
                 Writer ew = writer(nsDir, "events.json", "EventList")) {
                boolean firstPod = true;
                boolean firstEvent = true;
                for (int d = 0; d < perNs; d++) {
                    String app = "svc-" + n + "-" + d;
                    String rs = app + "-5d8f7c9b4";
                    sep(dw, d);
                    dw.write("{\"metadata\":{\"name\":\"" + app + "\",\"namespace\":\"" + ns + "\",\"uid\":\"d-" + app
                            + "\",\"labels\":{\"app\":\"" + app + "\"}},\"spec\":{\"replicas\":" + podsPerDeployment
                            + ",\"selector\":{\"matchLabels\":{\"app\":\"" + app + "\"}},\"template\":{\"metadata\":"
                            + "{\"labels\":{\"app\":\"" + app + "\"}},\"spec\":{\"containers\":[" + container(app)
                            + "]}}},\"status\":{\"replicas\":" + podsPerDeployment + ",\"readyReplicas\":"
                            + podsPerDeployment + ",\"conditions\":[{\"type\":\"Available\",\"status\":\"True\"}]}}");
                    sep(rw, d);
                    rw.write("{\"metadata\":{\"name\":\"" + rs + "\",\"namespace\":\"" + ns + "\",\"ownerReferences\":"
                            + "[{\"kind\":\"Deployment\",\"name\":\"" + app + "\",\"controller\":true}]},\"spec\":"
                            + "{\"replicas\":" + podsPerDeployment + "},\"status\":{\"replicas\":" + podsPerDeployment + "}}");
                    sep(sw, d);
                    sw.write("{\"metadata\":{\"name\":\"" + app + "\",\"namespace\":\"" + ns + "\"},\"spec\":{\"selector\":"
                            + "{\"app\":\"" + app + "\"},\"ports\":[{\"port\":80,\"targetPort\":8080}],\"clusterIP\":"
                            + "\"10.0." + n + "." + d % 250 + "\"}}");
                    for (int p = 0; p < podsPerDeployment; p++) {
                        String pod = rs + "-" + Integer.toString(36 * 36 * 36 + r.nextInt(36 * 36 * 36 * 30), 36);
                        boolean crashing = r.nextInt(100) < 5;
                        if (!firstPod) pw.write(',');
                        firstPod = false;
                        pw.write(pod(ns, app, rs, pod, crashing, r.nextInt(nodes)));
                        for (int e = 0; e < eventsPerPod; e++) {
                            if (!firstEvent) ew.write(',');
                            firstEvent = false;
                            ew.write(event(ns, pod, e, crashing));
                        }
                        if (crashing || logLinesPerPod > 0) {
                            Path logDir = Files.createDirectories(nsDir.resolve(pod));
                            StringBuilder log = new StringBuilder("==== START logs for container app of pod ")
                                    .append(ns).append('/').append(pod).append(" ====\n");
                            SyntheticLogs.append(log, d, logs, logLinesPerPod);
                            if (troubled && d % 100 == 17) SyntheticLogs.appendTrouble(log, n, ns, logs);
                            if (crashing) log.append("starting\nError: connect ECONNREFUSED 10.0.9.9:5432\n");
                            log.append("==== END logs for container app of pod ").append(ns).append('/').append(pod)
                                    .append(" ====\n");
                            Files.writeString(logDir.resolve("logs.txt"), log);
                        }
                    }
                }
            }
        }
    }

    private static String container(String app) {
        return "{\"name\":\"app\",\"image\":\"registry.example.com/" + app + ":1.4.2\",\"ports\":[{\"containerPort\":8080}],"
                + "\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"},\"limits\":{\"memory\":\"256Mi\"}},"
                + "\"readinessProbe\":{\"httpGet\":{\"path\":\"/ready\",\"port\":8080}},\"livenessProbe\":{\"httpGet\":"
                + "{\"path\":\"/live\",\"port\":8080}}}";
    }

    private static String pod(String ns, String app, String rs, String pod, boolean crashing, int node) {
        String state = crashing
                ? "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off 5m0s restarting failed"
                + " container\"}},\"lastState\":{\"terminated\":{\"exitCode\":1,\"reason\":\"Error\"}},\"ready\":false,"
                + "\"restartCount\":9"
                : "\"state\":{\"running\":{\"startedAt\":\"2026-11-20T10:00:00Z\"}},\"ready\":true,\"restartCount\":0";
        return "{\"metadata\":{\"name\":\"" + pod + "\",\"namespace\":\"" + ns + "\",\"uid\":\"u-" + pod + "\",\"labels\":"
                + "{\"app\":\"" + app + "\",\"pod-template-hash\":\"5d8f7c9b4\"},\"ownerReferences\":[{\"apiVersion\":"
                + "\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"" + rs + "\",\"controller\":true}],\"creationTimestamp\":"
                + "\"2026-11-20T10:00:00Z\"},\"spec\":{\"nodeName\":\"node-" + node + "\",\"containers\":[" + container(app)
                + "]},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\""
                + (crashing ? "False" : "True") + "\"}],\"containerStatuses\":[{\"name\":\"app\"," + state
                + ",\"image\":\"registry.example.com/" + app + ":1.4.2\"}]}}";
    }

    private static String event(String ns, String pod, int i, boolean crashing) {
        String reason = crashing && i == 0 ? "BackOff" : new String[] {"Scheduled", "Pulling", "Pulled", "Created",
                "Started"}[i % 5];
        String type = reason.equals("BackOff") ? "Warning" : "Normal";
        return "{\"metadata\":{\"name\":\"" + pod + "." + i + "\",\"namespace\":\"" + ns + "\"},\"involvedObject\":"
                + "{\"kind\":\"Pod\",\"namespace\":\"" + ns + "\",\"name\":\"" + pod + "\"},\"reason\":\"" + reason
                + "\",\"message\":\"" + reason + " for pod " + pod + "\",\"type\":\"" + type + "\",\"count\":1,"
                + "\"firstTimestamp\":\"2026-11-20T10:0" + i % 10 + ":00Z\",\"lastTimestamp\":\"2026-11-20T10:0" + i % 10
                + ":00Z\",\"source\":{\"component\":\"kubelet\"}}";
    }

    private static Writer writer(Path dir, String file, String kind) throws IOException {
        Writer w = Files.newBufferedWriter(dir.resolve(file), StandardCharsets.UTF_8);
        w.write("{\"kind\":\"" + kind + "\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[");
        return new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                w.write(cbuf, off, len);
            }

            @Override
            public void flush() throws IOException {
                w.flush();
            }

            @Override
            public void close() throws IOException {
                w.write("]}");
                w.close();
            }
        };
    }

    private static void sep(Writer w, int i) throws IOException {
        if (i > 0) w.write(',');
    }
}
