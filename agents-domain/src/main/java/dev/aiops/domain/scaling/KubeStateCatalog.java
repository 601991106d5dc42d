package dev.aiops.domain.scaling;

import dev.aiops.infra.metrics.InstantResult;
import dev.aiops.infra.metrics.MetricsException;
import dev.aiops.infra.metrics.MetricsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The workload catalog when Prometheus is the only source: owners from {@code kube_pod_owner} and
 * {@code kube_replicaset_owner}, requests and limits from {@code kube_pod_container_resource_requests} and
 * {@code _limits} (the pods running now, else the newest value in the window), replicas from the pods running now.
 */
final class KubeStateCatalog {

    private static final Duration NOW = Duration.ofMinutes(15);

    private KubeStateCatalog() {
    }

    static WorkloadCatalog read(MetricsSource source, Queries q, MetricNames n, Set<String> namespaces, Instant end,
                                Duration window) throws MetricsException {
        Map<String, Workload> rsOwner = new HashMap<>();
        for (InstantResult.Series s : source.instant(q.replicaSetOwners(window), end).series()) {
            Map<String, String> l = s.labels();
            String kind = l.getOrDefault("owner_kind", "<none>");
            if (!kind.equals("<none>") && !kind.isEmpty()) {
                rsOwner.put(l.get(n.namespaceLabel()) + "/" + l.get("replicaset"),
                        new Workload(kind, l.get(n.namespaceLabel()), l.get("owner_name")));
            }
        }
        Map<String, Workload> byPod = new HashMap<>();
        for (InstantResult.Series s : source.instant(q.podOwners(window), end).series()) {
            Map<String, String> l = s.labels();
            String ns = l.get(n.namespaceLabel());
            String pod = l.get(n.podLabel());
            if (ns == null || pod == null) continue;
            String kind = l.getOrDefault("owner_kind", "<none>");
            String name = l.get("owner_name");
            Workload w;
            if (kind.equals("<none>") || kind.isEmpty() || name == null) {
                w = new Workload("Pod", ns, pod);
            } else if (kind.equals("ReplicaSet")) {
                w = rsOwner.getOrDefault(ns + "/" + name, new Workload("ReplicaSet", ns, name));
            } else {
                w = new Workload(kind, ns, name);
            }
            byPod.put(WorkloadCatalog.key(ns, pod), w);
        }
        Map<Workload, Integer> running = new HashMap<>();
        for (InstantResult.Series s : source.instant(q.podOwners(NOW), end).series()) {
            Workload w = byPod.get(WorkloadCatalog.key(s.labels().get(n.namespaceLabel()), s.labels().get(n.podLabel())));
            if (w != null) running.merge(w, 1, Integer::sum);
        }
        Map<Workload, Map<String, double[]>> resources = new HashMap<>();
        collect(source, q.resources(false, window), 0, n, byPod, resources, end);
        collect(source, q.resources(true, window), 2, n, byPod, resources, end);
        collect(source, q.resources(false, NOW), 0, n, byPod, resources, end);
        collect(source, q.resources(true, NOW), 2, n, byPod, resources, end);
        Map<Workload, WorkloadCatalog.Spec> specs = new LinkedHashMap<>();
        for (Workload w : new java.util.TreeSet<>(byPod.values())) {
            Map<String, Resources> containers = new LinkedHashMap<>();
            resources.getOrDefault(w, Map.of()).forEach((c, v) -> containers.put(c, new Resources(v[0], v[1], v[2], v[3])));
            specs.put(w, new WorkloadCatalog.Spec(w, containers, running.getOrDefault(w, 0), null, null));
        }
        return new WorkloadCatalog(specs, byPod, false, namespaces);
    }

    /**
     * Reads requests ({@code offset} 0) or limits (2) per pod container into per-workload values; later calls
     * overwrite earlier ones, so the pods running now win over the window's newest values.
     */
    private static void collect(MetricsSource source, String query, int offset, MetricNames n,
                                Map<String, Workload> byPod, Map<Workload, Map<String, double[]>> out, Instant end)
            throws MetricsException {
        Map<Workload, Map<String, double[]>> fresh = new HashMap<>();
        for (InstantResult.Series s : source.instant(query, end).series()) {
            Map<String, String> l = s.labels();
            Workload w = byPod.get(WorkloadCatalog.key(l.get(n.namespaceLabel()), l.get(n.podLabel())));
            String container = l.get(n.containerLabel());
            if (w == null || container == null || s.samples().isEmpty()) continue;
            int i = switch (l.getOrDefault("resource", "")) {
                case "cpu" -> offset;
                case "memory" -> offset + 1;
                default -> -1;
            };
            if (i < 0) continue;
            double[] v = fresh.computeIfAbsent(w, k -> new LinkedHashMap<>()).computeIfAbsent(container,
                    k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            v[i] = Double.isNaN(v[i]) ? s.samples().get(0).value() : Math.max(v[i], s.samples().get(0).value());
        }
        fresh.forEach((w, cs) -> cs.forEach((c, v) -> {
            double[] target = out.computeIfAbsent(w, k -> new LinkedHashMap<>()).computeIfAbsent(c,
                    k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            for (int i = offset; i < offset + 2; i++) {
                if (!Double.isNaN(v[i])) target[i] = v[i];
            }
        }));
    }
}
