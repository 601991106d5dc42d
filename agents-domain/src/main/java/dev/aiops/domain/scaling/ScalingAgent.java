package dev.aiops.domain.scaling;

import dev.aiops.core.contract.Durations;
import dev.aiops.core.runtime.SkillCall;
import dev.aiops.core.runtime.SkillException;
import dev.aiops.core.runtime.SkillHandler;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.metrics.MetricsException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Binds {@code scaling.recommend}: the advice for one workload, in the scaling-recommendations v1 contract. The
 * workload and its pods are read through {@code k8s.resources.list} and the metrics through {@code metrics.query}
 * and {@code metrics.range}, so every read is a declared, checked call.
 */
public final class ScalingAgent {

    public static final String SKILL = "scaling.recommend";
    static final Duration DEFAULT_WINDOW = Duration.ofDays(14);
    private static final String[] KINDS = {"deployments", "statefulsets", "daemonsets", "replicasets", "pods",
            "horizontalpodautoscalers"};

    private ScalingAgent() {
    }

    public static SkillHandler handler(AdvisorSettings settings, Clock clock) {
        return call -> {
            JsonNode in = call.input();
            String ns = in.path("namespace").asString();
            String workload = in.path("workload").asString();
            Duration window = in.hasNonNull("window") ? Durations.parse(in.get("window").asString()) : DEFAULT_WINDOW;
            ClusterSnapshot cluster = cluster(call, ns);
            ScalingScope scope = ScalingScope.of(Set.of(ns), window, cluster).withWorkload(workload);
            ScalingReport report;
            try {
                report = new ScalingAdvisor(new SkillMetrics(call), settings, clock).advise(scope);
            } catch (MetricsException | IllegalArgumentException e) {
                throw new SkillException(e.getMessage(), false);
            }
            if (report.containers().isEmpty()) {
                throw new SkillException("no Deployment, StatefulSet, DaemonSet or bare Pod named " + workload
                        + " in namespace " + ns, false);
            }
            return ScalingReportJson.of(report);
        };
    }

    private static ClusterSnapshot cluster(SkillCall call, String namespace) throws SkillException {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("skill", "k8s.resources.list"));
        for (String kind : KINDS) {
            String token = null;
            do {
                ObjectNode in = JsonNodeFactory.instance.objectNode().put("kind", kind).put("namespace", namespace);
                if (token != null) in.put("continue", token);
                var r = call.invoke("k8s.resources.list", in);
                if (!r.isSuccess()) {
                    throw new SkillException("k8s.resources.list " + kind + " failed: " + r.message(),
                            r.error().isTransient());
                }
                for (JsonNode item : r.output().path("items")) {
                    if (item instanceof ObjectNode o) b.add(o);
                }
                token = r.output().path("continue").asString(null);
            } while (token != null && !token.isEmpty());
        }
        return b.build();
    }
}
