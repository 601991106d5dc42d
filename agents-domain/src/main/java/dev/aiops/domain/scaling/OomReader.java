package dev.aiops.domain.scaling;

import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import dev.aiops.infra.metrics.InstantResult;
import dev.aiops.infra.metrics.MetricsException;
import dev.aiops.infra.metrics.MetricsSource;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * OOM kills per container of each workload in the window: pods whose last termination was {@code OOMKilled}
 * (kube-state-metrics), counted by their restarts, and, with a cluster, the pods' own last states.
 */
final class OomReader {

    private OomReader() {
    }

    static String key(Workload w, String container) {
        return w + "/" + container;
    }

    static Map<String, Recommender.OomKills> read(MetricsSource source, Queries q, MetricNames n,
                                                  WorkloadCatalog catalog, ClusterSnapshot cluster, Instant end,
                                                  Duration window) throws MetricsException {
        Map<String, Double> restarts = new HashMap<>();
        for (InstantResult.Series s : source.instant(q.restarts(window), end).series()) {
            if (!s.samples().isEmpty()) restarts.put(podKey(s.labels(), n), s.samples().get(0).value());
        }
        Map<String, Integer> counts = new HashMap<>();
        for (InstantResult.Series s : source.instant(q.oomKilled(window), end).series()) {
            if (s.samples().isEmpty() || !(s.samples().get(0).value() > 0)) continue;
            Map<String, String> l = s.labels();
            Workload w = catalog.workloadOf(l.get(n.namespaceLabel()), l.get(n.podLabel()));
            if (w == null) continue;
            int kills = (int) Math.max(1, restarts.getOrDefault(podKey(l, n), 0.0));
            counts.merge(key(w, l.get(n.containerLabel())), kills, Integer::sum);
        }
        if (cluster != null) fromCluster(cluster, catalog, end.minus(window), counts);
        Map<String, Recommender.OomKills> out = new HashMap<>();
        counts.forEach((k, c) -> out.put(k, new Recommender.OomKills(c, Double.NaN)));
        return out;
    }

    /** Last states the metrics missed (no kube-state-metrics): one kill per container terminated OOMKilled. */
    private static void fromCluster(ClusterSnapshot cluster, WorkloadCatalog catalog, Instant since,
                                    Map<String, Integer> counts) {
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode pod : cluster.objects("Pod")) {
            Workload w = catalog.workloadOf(K8s.namespace(pod), K8s.name(pod));
            if (w == null) continue;
            for (JsonNode cs : pod.path("status").path("containerStatuses")) {
                JsonNode t = cs.path("lastState").path("terminated");
                if (!"OOMKilled".equals(t.path("reason").asString(null)) || !after(t, since)) continue;
                seen.merge(key(w, cs.path("name").asString()), 1, Integer::sum);
            }
        }
        seen.forEach((k, c) -> counts.merge(k, c, Math::max));
    }

    private static boolean after(JsonNode terminated, Instant since) {
        String at = terminated.path("finishedAt").asString(null);
        if (at == null) return true;
        try {
            return !Instant.parse(at).isBefore(since);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private static String podKey(Map<String, String> l, MetricNames n) {
        return l.get(n.namespaceLabel()) + "/" + l.get(n.podLabel()) + "/" + l.get(n.containerLabel());
    }
}
