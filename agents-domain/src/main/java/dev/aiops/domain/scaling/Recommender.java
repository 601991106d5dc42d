package dev.aiops.domain.scaling;

import java.time.Duration;
import dev.aiops.core.contract.Durations;
import java.time.Instant;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests and limits for one container from its {@link ContainerStats}, with the reasoning as data: CPU at a
 * percentile of decayed usage plus a margin, memory at a percentile of per-interval peaks plus a margin, bumped
 * after OOM kills, floored and rounded; no recommendation when the history is too short or too sparse.
 */
final class Recommender {

    /** What the window looked like: shared by every container of one run. */
    record Window(Instant start, Instant end, Duration step, Duration rateWindow, Duration sampleInterval) {
    }

    /** OOM kills seen for one container of a workload. */
    record OomKills(int count, double memoryAtKill) {
    }

    private final AdvisorSettings settings;
    private final Window window;

    Recommender(AdvisorSettings settings, Window window) {
        this.settings = settings;
        this.window = window;
    }

    ContainerAdvice advise(WorkloadCatalog.Spec spec, Workload w, String container, ContainerStats s, OomKills oom,
                           int replicas) {
        Resources current = spec == null ? Resources.UNKNOWN : spec.current(container);
        ObjectNode why = JsonNodeFactory.instance.objectNode();
        ObjectNode win = why.putObject("window");
        win.put("start", window.start().toString()).put("end", window.end().toString())
                .put("step", Durations.text(window.step())).put("rateWindow", Durations.text(window.rateWindow()))
                .put("sampleInterval", Durations.text(window.sampleInterval()));
        if (s == null || s.cpuSamples + s.memorySamples == 0) {
            String reason = s != null && s.invalid > 0
                    ? "all " + s.invalid + " samples of container " + container + " were NaN, infinite or negative"
                    : "no samples of " + settings.names().cpuUsage() + " or " + settings.names().memoryUsage()
                    + " for container " + container + " in the window";
            return ContainerAdvice.notGiven(w, container, ContainerAdvice.Status.INSUFFICIENT_DATA, reason, current,
                    why);
        }
        long stepMillis = window.step().toMillis();
        Instant first = window.start().plusMillis(s.firstStep * stepMillis);
        Instant last = window.start().plusMillis(s.lastStep * stepMillis);
        Duration history = Duration.between(first, last);
        why.putObject("history").put("first", first.toString()).put("last", last.toString())
                .put("hours", round(history.toMinutes() / 60.0, 1)).put("pods", s.pods.size());
        why.putObject("samples").put("cpu", s.cpuSamples).put("memory", s.memorySamples).put("invalid", s.invalid)
                .put("outOfOrder", s.outOfOrder);
        double coverage = s.coverage();
        why.put("coverage", round(coverage, 3));
        Gaps.describe(s.steps, s.firstStep, s.lastStep, window.start(), window.step(), why);
        if (history.compareTo(settings.minHistory()) < 0) {
            return ContainerAdvice.notGiven(w, container, ContainerAdvice.Status.INSUFFICIENT_DATA, "only "
                    + Durations.text(history) + " of history (first sample " + first + "); "
                    + Durations.text(settings.minHistory()) + " needed", current, why);
        }
        if (coverage < settings.minCoverage()) {
            return ContainerAdvice.notGiven(w, container, ContainerAdvice.Status.INSUFFICIENT_DATA, "samples in only "
                    + Math.round(coverage * 100) + "% of the " + Durations.text(window.step()) + " steps since the"
                    + " first one (" + Math.round(settings.minCoverage() * 100) + "% needed)"
                    + Gaps.longest(why), current, why);
        }
        if (s.cpu.isEmpty() || s.memoryPeaks.isEmpty()) {
            return ContainerAdvice.notGiven(w, container, ContainerAdvice.Status.INSUFFICIENT_DATA, "no valid "
                    + (s.cpu.isEmpty() ? "CPU" : "memory") + " samples for container " + container, current, why);
        }
        double cpu = cpu(s, why);
        double memory = memory(s, oom, current, why);
        ObjectNode limits = why.putObject("limits");
        limits.put("cpu", "not set: a CPU limit throttles the container even when the node has idle CPU");
        limits.put("memory", "equal to the request: memory cannot be reclaimed, so a limit above the request lets"
                + " the node overcommit and OOM-kill");
        Resources recommended = new Resources(cpu, memory, Double.NaN, memory);
        double dataDays = s.steps.cardinality() * (double) stepMillis / Duration.ofDays(1).toMillis();
        double confidence = Math.min(1, dataDays / (settings.fullConfidence().toMillis()
                / (double) Duration.ofDays(1).toMillis()));
        why.putObject("confidence").put("value", round(confidence, 3)).put("daysWithSamples", round(dataDays, 2))
                .put("fullAfterDays", settings.fullConfidence().toDays())
                .put("formula", "min(1, days with samples / " + settings.fullConfidence().toDays() + ")");
        String pool = spec == null ? null : spec.pool();
        double delta = cost(current, recommended, replicas, pool, why);
        return new ContainerAdvice(w, container, ContainerAdvice.Status.OK, null, current, recommended,
                round(confidence, 3), why, delta);
    }

    private double cpu(ContainerStats s, ObjectNode why) {
        double p = settings.cpuPercentile();
        double value = s.cpu.percentile(p);
        double target = value * (1 + settings.cpuMargin());
        ObjectNode c = why.putObject("cpu");
        c.put("percentile", p).put("value", Sizes.cpu(roundMilli(value)))
                .put("p50", Sizes.cpu(roundMilli(s.cpu.percentile(0.5))))
                .put("p95", Sizes.cpu(roundMilli(s.cpu.percentile(0.95))))
                .put("max", Sizes.cpu(roundMilli(s.cpuMax))).put("margin", settings.cpuMargin())
                .put("halfLife", Durations.text(settings.halfLife()));
        double floored = Math.max(target, settings.cpuFloor());
        if (floored > target) c.put("floor", Sizes.cpu(settings.cpuFloor()));
        double rounded = Sizes.roundCpu(floored);
        c.put("formula", "p" + pct(p) + " of usage (decayed, half-life " + Durations.text(settings.halfLife())
                + ") x (1 + " + settings.cpuMargin() + ")" + (floored > target ? ", raised to the floor" : "")
                + ", rounded up");
        return rounded;
    }

    private double memory(ContainerStats s, OomKills oom, Resources current, ObjectNode why) {
        double p = settings.memoryPercentile();
        double value = s.memoryPeaks.percentile(p);
        double target = value * (1 + settings.memoryMargin());
        ObjectNode m = why.putObject("memory");
        m.put("percentile", p).put("peakInterval", Durations.text(settings.peakInterval()))
                .put("peaks", s.memoryPeakCount).put("value", Sizes.memory(Math.ceil(value)))
                .put("max", Sizes.memory(Math.ceil(s.memoryMax))).put("margin", settings.memoryMargin());
        String formula = "p" + pct(p) + " of " + Durations.text(settings.peakInterval()) + " peaks x (1 + "
                + settings.memoryMargin() + ")";
        if (oom != null && oom.count() > 0) {
            double at = !Double.isNaN(current.memoryLimit()) ? current.memoryLimit()
                    : !Double.isNaN(oom.memoryAtKill()) ? oom.memoryAtKill() : s.memoryMax;
            double bump = Math.max(at * settings.oomBumpRatio(), at + settings.oomMinBump());
            why.putObject("oom").put("kills", oom.count()).put("memoryAtKill", Sizes.memory(Math.ceil(at)))
                    .put("bumpedTo", Sizes.memory(Math.ceil(bump)))
                    .put("formula", "max(memory at kill x " + settings.oomBumpRatio() + ", memory at kill + "
                            + Sizes.memory(settings.oomMinBump()) + ")");
            if (bump > target) {
                target = bump;
                formula = "OOM bump: " + formula + " was below the memory the container was killed at";
            }
        }
        double floored = Math.max(target, settings.memoryFloor());
        if (floored > target) m.put("floor", Sizes.memory(settings.memoryFloor()));
        m.put("formula", formula + (floored > target ? ", raised to the floor" : "") + ", rounded up");
        return Sizes.roundMemory(floored);
    }

    private double cost(Resources current, Resources recommended, int replicas, String pool, ObjectNode why) {
        double curCpu = Double.isNaN(current.cpuRequest()) ? 0 : current.cpuRequest();
        double curMem = Double.isNaN(current.memoryRequest()) ? 0 : current.memoryRequest();
        int n = Math.max(1, replicas);
        PriceModel prices = settings.prices();
        double now = prices.monthly(curCpu, curMem, pool) * n;
        double then = prices.monthly(recommended.cpuRequest(), recommended.memoryRequest(), pool) * n;
        why.putObject("cost").put("currentMonthly", round(now, 2)).put("recommendedMonthly", round(then, 2))
                .put("replicas", n).put("pool", pool).put("currency", prices.currency())
                .put("basis", "requests x replicas x " + PriceModel.HOURS_PER_MONTH + " h");
        return round(then - now, 2);
    }

    private static double roundMilli(double cores) {
        return Math.ceil(cores * 1000 - 1e-9) / 1000;
    }

    private static String pct(double p) {
        double v = p * 100;
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
