package dev.aiops.domain.scaling;

import dev.aiops.infra.metrics.ContainerUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Advice from metrics-server's single reading when no Prometheus is configured: low confidence by construction,
 * and requests are only ever raised (to the reading plus the margin), because one reading cannot show a peak.
 */
final class PointInTimeAdvisor {

    static final double CONFIDENCE = 0.05;

    private PointInTimeAdvisor() {
    }

    private static final class Seen {
        double cpu;
        double memory;
        int pods;
        Instant at;
        long window;
    }

    static ScalingReport advise(List<ContainerUsage> usage, ScalingScope scope, AdvisorSettings settings,
                                Clock clock) {
        if (scope.cluster() == null) {
            throw new IllegalArgumentException("metrics-server readings need a cluster source for the workloads");
        }
        WorkloadCatalog catalog = WorkloadCatalog.fromCluster(scope.cluster(), scope.namespaces(), scope.selector(),
                scope.workload());
        Map<String, Seen> seen = new HashMap<>();
        Instant newest = null;
        for (ContainerUsage u : usage) {
            Workload w = catalog.workloadOf(u.namespace(), u.pod());
            if (w == null) continue;
            Seen s = seen.computeIfAbsent(OomReader.key(w, u.container()), k -> new Seen());
            s.cpu = Math.max(s.cpu, u.cpuCores());
            s.memory = Math.max(s.memory, u.memoryBytes());
            s.pods++;
            s.at = u.timestamp();
            s.window = u.window();
            if (u.timestamp() != null && (newest == null || u.timestamp().isAfter(newest))) newest = u.timestamp();
        }
        Instant end = newest != null ? newest : clock.instant();
        List<ContainerAdvice> out = new ArrayList<>();
        for (WorkloadCatalog.Spec spec : catalog.specs()) {
            for (String c : spec.containers().keySet()) {
                out.add(advise(spec, c, seen.get(OomReader.key(spec.workload(), c)), settings));
            }
        }
        List<String> warnings = List.of("no Prometheus configured: metrics-server gives one reading per container, so"
                + " every recommendation has confidence " + CONFIDENCE + " and requests are only raised, never lowered; give"
                + " --prometheus for recommendations from history");
        return new ScalingReport(clock.instant(), "metrics-server", null, end.minus(Duration.ofSeconds(
                seen.values().stream().mapToLong(s -> s.window).max().orElse(0))), end, null, out, List.of(),
                warnings, settings.prices().currency());
    }

    private static ContainerAdvice advise(WorkloadCatalog.Spec spec, String container, Seen s,
                                          AdvisorSettings settings) {
        Workload w = spec.workload();
        Resources current = spec.current(container);
        ObjectNode why = JsonNodeFactory.instance.objectNode().put("source", "metrics-server");
        if (s == null) {
            return ContainerAdvice.notGiven(w, container, ContainerAdvice.Status.INSUFFICIENT_DATA,
                    "metrics-server reported no usage for container " + container + " (no running pod?)", current,
                    why);
        }
        why.put("readAt", String.valueOf(s.at)).put("readingWindowSeconds", s.window).put("pods", s.pods);
        double cpu = raiseOnly(Sizes.roundCpu(Math.max(s.cpu * (1 + settings.cpuMargin()), settings.cpuFloor())),
                current.cpuRequest(), why.putObject("cpu").put("value", Sizes.cpu(Math.ceil(s.cpu * 1000) / 1000))
                        .put("margin", settings.cpuMargin()));
        double memory = raiseOnly(Sizes.roundMemory(Math.max(s.memory * (1 + settings.memoryMargin()),
                settings.memoryFloor())), current.memoryRequest(), why.putObject("memory")
                .put("value", Sizes.memory(Math.ceil(s.memory))).put("margin", settings.memoryMargin()));
        // a limit is never lowered either: one reading cannot show it is too high
        double limit = Double.isNaN(current.memoryLimit()) ? memory : Math.max(memory, current.memoryLimit());
        Resources recommended = new Resources(cpu, memory, Double.NaN, limit);
        why.putObject("confidence").put("value", CONFIDENCE).put("why", "one reading, no history");
        int replicas = Math.max(1, spec.replicas());
        double now = settings.prices().monthly(nan0(current.cpuRequest()), nan0(current.memoryRequest()), spec.pool());
        double then = settings.prices().monthly(cpu, memory, spec.pool());
        double delta = Recommender.round((then - now) * replicas, 2);
        why.putObject("cost").put("replicas", replicas).put("currency", settings.prices().currency());
        return new ContainerAdvice(w, container, ContainerAdvice.Status.OK, null, current, recommended, CONFIDENCE,
                why, delta);
    }

    /** One reading shows a floor, not a peak: a request is raised to it, never lowered from it. */
    private static double raiseOnly(double fromReading, double current, ObjectNode why) {
        if (!Double.isNaN(current) && fromReading <= current) {
            why.put("formula", "kept at the current request: one reading cannot show that less is enough");
            return current;
        }
        why.put("formula", "highest reading across pods x (1 + margin), rounded up"
                + (Double.isNaN(current) ? "" : ": the reading is above the current request"));
        return fromReading;
    }

    private static double nan0(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
