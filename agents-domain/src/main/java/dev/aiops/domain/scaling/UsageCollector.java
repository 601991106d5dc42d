package dev.aiops.domain.scaling;

import dev.aiops.infra.metrics.SeriesSink;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns streamed series into {@link ContainerStats}, one chunk at a time: CPU rates go into the CPU histogram and
 * into the workload's per-step load (for replica counts); memory samples become per-interval peaks per pod. Nothing
 * holds a series: per pod and container only the current interval's peak is kept.
 */
final class UsageCollector {

    private final WorkloadCatalog catalog;
    private final AdvisorSettings settings;
    private final long startMillis;
    private final long stepMillis;
    private final long peakIntervalMillis;
    private final Map<String, ContainerStats> stats = new HashMap<>();
    private final Map<String, PeakState> peaks = new HashMap<>();
    private final Map<Workload, WorkloadLoad> loads = new HashMap<>();
    private long unattributedSeries;
    private final java.util.Set<String> unattributed = new java.util.TreeSet<>();
    private int chunkFirstStep;
    private int chunkSteps;

    private static final class PeakState {
        final ContainerStats stats;
        long interval = Long.MIN_VALUE;
        long intervalTime;
        double peak = Double.NaN;
        long lastTime = Long.MIN_VALUE;
        long lastCpuTime = Long.MIN_VALUE;

        PeakState(ContainerStats stats) {
            this.stats = stats;
        }
    }

    UsageCollector(WorkloadCatalog catalog, AdvisorSettings settings, long startMillis, long stepMillis) {
        this.catalog = catalog;
        this.settings = settings;
        this.startMillis = startMillis;
        this.stepMillis = stepMillis;
        this.peakIntervalMillis = settings.peakInterval().toMillis();
    }

    /** Starts a chunk of {@code steps} steps from step index {@code firstStep}. */
    void beginChunk(int firstStep, int steps) {
        chunkFirstStep = firstStep;
        chunkSteps = steps;
    }

    /** Folds the chunk's per-step workload loads into their histograms. */
    void endChunk() {
        for (WorkloadLoad l : loads.values()) l.fold(chunkFirstStep, startMillis, stepMillis);
    }

    SeriesSink cpuSink() {
        return labels -> {
            Target t = target(labels);
            if (t == null) return null;
            ContainerStats s = t.stats;
            WorkloadLoad load = loads.computeIfAbsent(t.workload, w -> new WorkloadLoad(settings.halfLife().toMillis()));
            load.ensure(chunkSteps);
            PeakState p = peaks.computeIfAbsent(t.seriesKey, k -> new PeakState(t.stats));
            return (millis, value) -> {
                if (millis <= p.lastCpuTime) {
                    s.outOfOrder++;
                    return;
                }
                p.lastCpuTime = millis;
                if (!valid(value)) {
                    s.invalid++;
                    return;
                }
                int step = stepOf(millis);
                s.seen(step);
                s.cpuSamples++;
                s.cpu.add(value, 1, millis);
                s.cpuMax = Math.max(s.cpuMax, value);
                load.add(step - chunkFirstStep, value);
            };
        };
    }

    SeriesSink memorySink() {
        return labels -> {
            Target t = target(labels);
            if (t == null) return null;
            PeakState p = peaks.computeIfAbsent(t.seriesKey, k -> new PeakState(t.stats));
            ContainerStats s = t.stats;
            return (millis, value) -> {
                if (millis <= p.lastTime) {
                    s.outOfOrder++;
                    return;
                }
                p.lastTime = millis;
                if (!valid(value)) {
                    s.invalid++;
                    return;
                }
                s.seen(stepOf(millis));
                s.memorySamples++;
                s.memoryMax = Math.max(s.memoryMax, value);
                long interval = Math.floorDiv(millis - startMillis, peakIntervalMillis);
                if (interval != p.interval) {
                    flush(p);
                    p.interval = interval;
                    p.peak = value;
                    p.intervalTime = millis;
                } else if (value > p.peak) {
                    p.peak = value;
                    p.intervalTime = millis;
                }
            };
        };
    }

    private static void flush(PeakState p) {
        if (!Double.isNaN(p.peak)) {
            p.stats.memoryPeaks.add(p.peak, 1, p.intervalTime);
            p.stats.memoryPeakCount++;
        }
        p.peak = Double.NaN;
    }

    /** Ends the stream: the last interval of every pod becomes a peak sample. */
    void finish() {
        peaks.values().forEach(UsageCollector::flush);
    }

    private static boolean valid(double v) {
        return v >= 0 && !Double.isInfinite(v);
    }

    private int stepOf(long millis) {
        return (int) Math.max(0, Math.floorDiv(millis - startMillis, stepMillis));
    }

    private record Target(Workload workload, ContainerStats stats, String seriesKey) {
    }

    private Target target(Map<String, String> labels) {
        MetricNames n = settings.names();
        String ns = labels.get(n.namespaceLabel());
        String pod = labels.get(n.podLabel());
        String container = labels.get(n.containerLabel());
        if (ns == null || pod == null || container == null || container.isEmpty() || container.equals("POD")) {
            return null;
        }
        Workload w = catalog.workloadOf(ns, pod);
        if (w == null) {
            unattributedSeries++;
            if (unattributed.size() < 5) unattributed.add(ns + "/" + pod);
            return null;
        }
        String statsKey = w.kind() + "/" + w.namespace() + "/" + w.name() + "/" + container;
        ContainerStats s = stats.computeIfAbsent(statsKey, k -> new ContainerStats(settings.halfLife().toMillis()));
        s.pods.add(pod);
        return new Target(w, s, ns + "/" + pod + "/" + container);
    }

    ContainerStats stats(Workload w, String container) {
        return stats.get(w.kind() + "/" + w.namespace() + "/" + w.name() + "/" + container);
    }

    /** Containers with samples, by workload, in the order first seen. */
    Map<Workload, java.util.List<String>> containersSeen() {
        Map<Workload, java.util.List<String>> out = new java.util.TreeMap<>();
        for (String key : stats.keySet()) {
            String[] p = key.split("/", 4);
            out.computeIfAbsent(new Workload(p[0], p[1], p[2]), k -> new java.util.ArrayList<>()).add(p[3]);
        }
        out.values().forEach(java.util.Collections::sort);
        return out;
    }

    WorkloadLoad load(Workload w) {
        return loads.get(w);
    }

    long unattributedSeries() {
        return unattributedSeries;
    }

    java.util.Set<String> unattributedExamples() {
        return unattributed;
    }
}
