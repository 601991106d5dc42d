package dev.aiops.domain.scaling;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replica counts the way the HPA computes them ({@code ceil(load / (request x target))}), from the 95th percentile
 * of the workload's whole CPU load, kept within the HPA's bounds, a tolerance, a growth cap and a hard cap so a bad
 * series can never ask for a runaway.
 */
final class ReplicaRecommender {

    private static final double LOAD_PERCENTILE = 0.95;

    private final AdvisorSettings settings;

    ReplicaRecommender(AdvisorSettings settings) {
        this.settings = settings;
    }

    /** Null when the workload does not scale by replicas or nothing is known to compute from. */
    ReplicaAdvice advise(WorkloadCatalog.Spec spec, WorkloadLoad load, double recommendedCpuPerPod) {
        Workload w = spec.workload();
        if (!w.kind().equals("Deployment") && !w.kind().equals("StatefulSet")) return null;
        if (load == null || load.load.isEmpty()) return null;
        int current = spec.replicas() >= 0 ? spec.replicas() : load.podsAtLastStep;
        double perPod = 0;
        boolean fromCurrent = true;
        for (Resources r : spec.containers().values()) {
            if (!Double.isNaN(r.cpuRequest())) perPod += r.cpuRequest();
        }
        if (perPod <= 0) {
            perPod = recommendedCpuPerPod;
            fromCurrent = false;
        }
        if (!(perPod > 0) || current <= 0) return null;
        WorkloadCatalog.Hpa hpa = spec.hpa();
        double target = hpa != null && !Double.isNaN(hpa.targetCpu()) && hpa.targetCpu() > 0 ? hpa.targetCpu()
                : settings.targetUtilization();
        double p95 = load.load.percentile(LOAD_PERCENTILE);
        ObjectNode why = JsonNodeFactory.instance.objectNode();
        why.putObject("load").put("p50", Sizes.cpu(milli(load.load.percentile(0.5))))
                .put("p95", Sizes.cpu(milli(p95))).put("max", Sizes.cpu(milli(load.max))).put("steps", load.steps);
        why.put("cpuPerPod", Sizes.cpu(milli(perPod)))
                .put("cpuPerPodFrom", fromCurrent ? "current requests" : "recommended requests")
                .put("targetUtilization", target);
        int raw = (int) Math.min(Integer.MAX_VALUE, Math.ceil(p95 / (perPod * target)));
        why.put("formula", "ceil(p95 load / (cpu per pod x target)) = ceil(" + Sizes.cpu(milli(p95)) + " / ("
                + Sizes.cpu(milli(perPod)) + " x " + target + ")) = " + raw);
        // without an HPA, a workload that has redundancy keeps it: one replica is one failure from an outage
        int min = hpa != null ? hpa.min() : current >= 2 ? 2 : 1;
        if (hpa == null && min == 2) why.put("availabilityFloor", 2);
        int max = hpa != null ? Math.min(hpa.max(), settings.maxReplicas()) : settings.maxReplicas();
        int growthCap = (int) Math.ceil(current * settings.maxGrowth());
        int desired = Math.max(min, Math.min(raw, max));
        if (desired > growthCap) {
            desired = growthCap;
            why.put("growthCap", growthCap + " (" + settings.maxGrowth() + " x current)");
        }
        why.put("bounds", min + ".." + max).put("hardCap", settings.maxReplicas());
        if (Math.abs((double) desired / current - 1) <= settings.replicaTolerance()) {
            why.put("tolerance", "within " + Math.round(settings.replicaTolerance() * 100)
                    + "% of the current count: no change");
            desired = current;
        }
        if (hpa != null) {
            int suggestedMin = Math.max(1, (int) Math.ceil(load.load.percentile(0.1) / (perPod * target)));
            int suggestedMax = Math.min(settings.maxReplicas(),
                    Math.max(suggestedMin, (int) Math.ceil(load.max * 1.2 / (perPod * target))));
            why.putObject("hpa").put("name", hpa.name()).put("minReplicas", hpa.min()).put("maxReplicas", hpa.max())
                    .put("suggestedMinReplicas", suggestedMin).put("suggestedMaxReplicas", suggestedMax)
                    .put("why", "min covers the 10th percentile of load, max 120% of the highest load seen");
        }
        return new ReplicaAdvice(w, current, desired, why);
    }

    private static double milli(double cores) {
        return Math.ceil(cores * 1000 - 1e-9) / 1000;
    }
}
