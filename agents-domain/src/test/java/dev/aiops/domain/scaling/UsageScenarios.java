package dev.aiops.domain.scaling;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongPredicate;

/**
 * Generated cAdvisor and kube-state-metrics series for the advisor's scenarios, written as OpenMetrics for
 * {@code promtool tsdb create-blocks-from openmetrics}: steady, diurnal, spiky, OOM-killed, idle, brand new, sparse,
 * with a hole, with NaN samples, all NaN, overloaded (for replicas), a runaway series, raw 30 s scrapes with counter
 * resets, and relabeled metric names. Values are functions of time, so nothing is held while writing.
 */
final class UsageScenarios {

    static final double MI = 1024 * 1024;
    static final double GI = 1024 * MI;
    static final long DAY = 86_400;
    /** The data ends four hours ago, on the hour: backfilled blocks must not overlap Prometheus' head. */
    static final Instant END = Instant.now().minus(Duration.ofHours(4)).truncatedTo(ChronoUnit.HOURS);
    static final Duration WINDOW = Duration.ofDays(14);

    /** One pod's container and how it behaves; {@code t} is seconds since the pod started. */
    record Pod(String namespace, String name, String owner, String ownerKind, String container, long interval,
               Instant start, Instant end, DoubleUnaryOperator cpu, DoubleUnaryOperator memory, LongPredicate present,
               long resetEvery, double cpuRequest, double memoryRequest, double memoryLimit, long oomEvery) {

        String replicaSet() {
            return ownerKind.equals("Deployment") ? name.substring(0, name.lastIndexOf('-')) : null;
        }
    }

    static final List<Pod> PODS = pods();

    private static List<Pod> pods() {
        Instant from = END.minus(WINDOW);
        List<Pod> p = new ArrayList<>();
        LongPredicate always = t -> true;
        p.add(shop("steady-7c9d8f6b5-x2x9q", "steady", from, t -> 0.2 + 0.01 * Math.sin(t / 600.0), t -> 300 * MI,
                always, 1.0, 1 * GI, 1 * GI));
        p.add(shop("steady-7c9d8f6b5-k8h4z", "steady", from, t -> 0.2 + 0.01 * Math.cos(t / 600.0), t -> 300 * MI,
                always, 1.0, 1 * GI, 1 * GI));
        p.add(shop("diurnal-5b8d9c7f6-q7w2n", "diurnal", from,
                t -> 0.1 + 0.4 * Math.max(0, Math.sin(2 * Math.PI * t / DAY)),
                t -> 200 * MI + 200 * MI * Math.max(0, Math.sin(2 * Math.PI * t / DAY)), always, 0.25, 256 * MI,
                512 * MI));
        p.add(shop("spiky-6f7b9d8c5-m4n8p", "spiky", from, t -> (t % (6 * 3600)) < 300 ? 2.0 : 0.1,
                t -> 150 * MI, always, 0.5, 256 * MI, 256 * MI));
        p.add(new Pod("shop", "oom-8d9c7b6f5-r5t6y", "oom", "Deployment", "app", 300, from, END, t -> 0.05,
                t -> 100 * MI + 156 * MI * ((t % (6 * 3600)) / (6.0 * 3600)), always, 0, 0.1, 256 * MI, 256 * MI,
                6 * 3600));
        p.add(shop("idle-9c8d7f6b5-z9x8c", "idle", from, t -> 0.0005, t -> 10 * MI, always, 0.5, 512 * MI, 512 * MI));
        p.add(shop("fresh-6b5c8d9f7-v4b5n", "fresh", END.minus(Duration.ofHours(3)), t -> 0.3, t -> 200 * MI, always,
                0.5, 512 * MI, 512 * MI));
        // samples one day in every three: a third of the steps
        p.add(shop("sparse-7f6d5c9b8-l2k3j", "sparse", from, t -> 0.3, t -> 200 * MI, t -> (t / DAY) % 3 == 0, 0.5,
                512 * MI, 512 * MI));
        // one day missing in the middle
        p.add(shop("holes-5d6f7c8b9-h6g7f", "holes", from, t -> 0.3, t -> 200 * MI,
                t -> t < 6 * DAY || t >= 7 * DAY, 0.5, 512 * MI, 512 * MI));
        p.add(shop("nans-8b9c5d6f7-d8s9a", "nans", from, t -> 0.3,
                t -> (t / 300) % 10 == 0 ? Double.NaN : (t / 300) % 10 == 5 ? Double.POSITIVE_INFINITY : 200 * MI,
                always, 0.5, 512 * MI, 512 * MI));
        p.add(shop("allnan-9d8c7b6f5-p0o9i", "allnan", from, t -> Double.NaN, t -> Double.NaN, always, 0.5, 512 * MI,
                512 * MI));
        for (String pod : List.of("busy-6c7d8f9b5-a1s2d", "busy-6c7d8f9b5-f3g4h", "busy-6c7d8f9b5-j5k6l")) {
            p.add(shop(pod, "busy", from, t -> 0.6, t -> 200 * MI, always, 0.25, 256 * MI, 256 * MI));
        }
        for (String pod : List.of("runaway-7b8c9d5f6-q1w2e", "runaway-7b8c9d5f6-r3t4y")) {
            p.add(shop(pod, "runaway", from, t -> 500, t -> 200 * MI, always, 0.25, 256 * MI, 256 * MI));
        }
        p.add(new Pod("raw", "resets-5f6b7c8d9-u7i8o", "resets", "Deployment", "app", 30, END.minus(Duration.ofDays(2)),
                END, t -> 0.3, t -> 180 * MI, always, 4 * 3600, 0.5, 512 * MI, 512 * MI, 0));
        return List.copyOf(p);
    }

    private static Pod shop(String pod, String owner, Instant start, DoubleUnaryOperator cpu, DoubleUnaryOperator mem,
                            LongPredicate present, double cpuReq, double memReq, double memLimit) {
        return new Pod("shop", pod, owner, "Deployment", "app", 300, start, END, cpu, mem, present, 0, cpuReq, memReq,
                memLimit, 0);
    }

    /** The relabeled namespace: the same steady pod under other metric and label names. */
    static final MetricNames RELABELED = MetricNames.DEFAULT.with(java.util.Map.of("cpuUsage", "ctr_cpu_seconds_total",
            "memoryUsage", "ctr_memory_bytes", "namespaceLabel", "ns", "podLabel", "pod_name",
            "containerLabel", "container_name"));

    static void write(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (Pod p : PODS) counter(w, "container_cpu_usage_seconds_total", p, cadvisor(p, "namespace", "pod", "container"));
            // the pause container, which cAdvisor reports too and the advisor must never advise on
            Pod steady = PODS.get(0);
            counter(w, "container_cpu_usage_seconds_total", steady, cadvisor(steady, "namespace", "pod", "container")
                    .replace("container=\"app\"", "container=\"POD\""));
            for (Pod p : PODS) gauge(w, "container_memory_working_set_bytes", p, cadvisor(p, "namespace", "pod", "container"),
                    p.memory());
            Pod relabeled = PODS.get(0);
            Pod custom = new Pod("relabeled", "custom-6d7f8b9c5-b6n7m", "custom", "Deployment", "app", 300,
                    relabeled.start(), END, relabeled.cpu(), relabeled.memory(), relabeled.present(), 0, 1, GI, GI, 0);
            counter(w, "ctr_cpu_seconds_total", custom, cadvisor(custom, "ns", "pod_name", "container_name"));
            gauge(w, "ctr_memory_bytes", custom, cadvisor(custom, "ns", "pod_name", "container_name"), custom.memory());
            for (Pod p : PODS) {
                gauge(w, "kube_pod_owner", p, "namespace=\"" + p.namespace() + "\",pod=\"" + p.name()
                        + "\",owner_kind=\"ReplicaSet\",owner_name=\"" + p.replicaSet() + "\",owner_is_controller=\"true\"",
                        t -> 1);
            }
            java.util.Set<String> rs = new java.util.TreeSet<>();
            for (Pod p : PODS) {
                if (rs.add(p.replicaSet())) {
                    gauge(w, "kube_replicaset_owner", p, "namespace=\"" + p.namespace() + "\",replicaset=\""
                            + p.replicaSet() + "\",owner_kind=\"Deployment\",owner_name=\"" + p.owner() + "\"", t -> 1);
                }
            }
            for (Pod p : PODS) {
                gauge(w, "kube_pod_container_resource_requests", p, ksm(p) + ",resource=\"cpu\",unit=\"core\"",
                        t -> p.cpuRequest());
            }
            for (Pod p : PODS) {
                gauge(w, "kube_pod_container_resource_requests", p, ksm(p) + ",resource=\"memory\",unit=\"byte\"",
                        t -> p.memoryRequest());
            }
            for (Pod p : PODS) {
                gauge(w, "kube_pod_container_resource_limits", p, ksm(p) + ",resource=\"memory\",unit=\"byte\"",
                        t -> p.memoryLimit());
            }
            for (Pod p : PODS) {
                gauge(w, "kube_pod_container_status_restarts_total", p, ksm(p),
                        t -> p.oomEvery() > 0 ? Math.floor(t / p.oomEvery()) : 0);
            }
            for (Pod p : PODS) {
                if (p.oomEvery() == 0) continue;
                gauge(w, "kube_pod_container_status_last_terminated_reason", p, ksm(p) + ",reason=\"OOMKilled\"",
                        t -> t >= p.oomEvery() ? 1 : Double.NaN);
            }
            w.write("# EOF\n");
        }
    }

    private static String cadvisor(Pod p, String ns, String pod, String container) {
        return ns + "=\"" + p.namespace() + "\"," + pod + "=\"" + p.name() + "\"," + container + "=\"" + p.container()
                + "\",image=\"registry.example/" + p.owner() + ":1\"";
    }

    private static String ksm(Pod p) {
        return "namespace=\"" + p.namespace() + "\",pod=\"" + p.name() + "\",container=\"" + p.container() + "\"";
    }

    private static void counter(BufferedWriter w, String name, Pod p, String labels) throws IOException {
        double total = 0;
        long lastT = 0;
        for (long t = 0, at = p.start().getEpochSecond(); !Instant.ofEpochSecond(at).isAfter(p.end());
             t += p.interval(), at += p.interval()) {
            double rate = p.cpu().applyAsDouble(t);
            if (p.resetEvery() > 0 && t > 0 && t % p.resetEvery() == 0) {
                total = 0;
            } else if (Double.isNaN(rate)) {
                total = Double.NaN;
            } else {
                total += rate * (t - lastT);
            }
            lastT = t;
            if (p.present().test(t)) line(w, name, labels, total, at);
        }
    }

    private static void gauge(BufferedWriter w, String name, Pod p, String labels, DoubleUnaryOperator f)
            throws IOException {
        for (long t = 0, at = p.start().getEpochSecond(); !Instant.ofEpochSecond(at).isAfter(p.end());
             t += p.interval(), at += p.interval()) {
            double v = f.applyAsDouble(t);
            if (p.present().test(t) && !(Double.isNaN(v) && name.startsWith("kube_"))) line(w, name, labels, v, at);
        }
    }

    private static void line(BufferedWriter w, String name, String labels, double v, long at) throws IOException {
        String value = Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf")
                : String.format(Locale.ROOT, "%.6f", v);
        w.write(name + "{" + labels + "} " + value + " " + at + "\n");
    }
}
