package dev.aiops.domain.scaling;

import dev.aiops.infra.metrics.InstantResult;
import dev.aiops.infra.metrics.MetricsException;
import dev.aiops.infra.metrics.MetricsSource;
import dev.aiops.infra.metrics.RangeSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Right-sizing and replica recommendations from usage metrics, in the manner of the VPA recommender: series are
 * streamed chunk by chunk into decaying histograms, so memory does not grow with the window. The sample interval is
 * read from the data; the step adapts to the window and the rate window to the sample interval.
 */
public final class ScalingAdvisor {

    private static final long[] COMMON_INTERVALS = {1, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600};

    private final MetricsSource source;
    private final AdvisorSettings settings;
    private final Clock clock;

    public ScalingAdvisor(MetricsSource source, AdvisorSettings settings, Clock clock) {
        this.source = source;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Advice for every container of every workload in scope. When the metrics cannot be read, every container says
     * so with the reason and nothing is recommended.
     *
     * @throws MetricsException only when there is no cluster and the workloads themselves cannot be read
     */
    public ScalingReport advise(ScalingScope scope) throws MetricsException {
        Instant end = scope.end() != null ? scope.end() : clock.instant();
        Instant start = end.minus(scope.window());
        Queries q = new Queries(settings.names(), scope.namespaces(), scope.workload());
        List<String> warnings = new ArrayList<>();
        WorkloadCatalog catalog = scope.cluster() != null
                ? WorkloadCatalog.fromCluster(scope.cluster(), scope.namespaces(), scope.selector(), scope.workload())
                : KubeStateCatalog.read(source, q, settings.names(), scope.namespaces(), end, scope.window());
        Duration interval;
        try {
            interval = sampleInterval(q, start, end, warnings);
        } catch (MetricsException e) {
            return failed(catalog, start, end, e, warnings);
        }
        Duration step = step(scope.window(), interval);
        Duration rateWindow = rateWindow(step, interval);
        UsageCollector collector = new UsageCollector(catalog, settings, start.toEpochMilli(), step.toMillis());
        Set<String> apiWarnings = new LinkedHashSet<>();
        Map<String, Recommender.OomKills> oom;
        try {
            stream(q, collector, start, end, step, rateWindow, apiWarnings);
            oom = OomReader.read(source, q, settings.names(), catalog, scope.cluster(), end, scope.window());
        } catch (MetricsException e) {
            return failed(catalog, start, end, e, warnings);
        }
        warnings.addAll(apiWarnings);
        if (collector.unattributedSeries() > 0) {
            warnings.add(collector.unattributedSeries() + " series belong to no workload in scope (deleted pods or"
                    + " workloads outside the selector), e.g. " + String.join(", ", collector.unattributedExamples()));
        }
        if (!catalog.inferred().isEmpty()) {
            warnings.add(catalog.inferred().size() + " workloads were named from their pods' names because no owner"
                    + " was found (kube-state-metrics' " + settings.names().podOwner() + " is missing for them)");
        }
        Recommender recommender = new Recommender(settings,
                new Recommender.Window(start, end, step, rateWindow, interval));
        ReplicaRecommender replicas = new ReplicaRecommender(settings);
        List<ContainerAdvice> containers = new ArrayList<>();
        List<ReplicaAdvice> replicaAdvice = new ArrayList<>();
        Map<Workload, List<String>> seen = collector.containersSeen();
        for (WorkloadCatalog.Spec spec : catalog.specs()) {
            Workload w = spec.workload();
            Set<String> names = new LinkedHashSet<>(spec.containers().keySet());
            names.addAll(seen.getOrDefault(w, List.of()));
            int count = spec.replicas() >= 0 ? spec.replicas()
                    : collector.load(w) == null ? 1 : collector.load(w).podsAtLastStep;
            double recommendedCpu = 0;
            for (String c : names) {
                ContainerAdvice a = recommender.advise(spec, w, c, collector.stats(w, c),
                        oom.get(OomReader.key(w, c)), count);
                containers.add(a);
                if (a.recommended() != null) recommendedCpu += a.recommended().cpuRequest();
            }
            ReplicaAdvice r = replicas.advise(spec, collector.load(w), recommendedCpu);
            if (r != null) replicaAdvice.add(r);
        }
        return new ScalingReport(clock.instant(), "prometheus", url(), start, end, step, containers, replicaAdvice,
                warnings, settings.prices().currency());
    }

    /**
     * Advice from metrics-server's one reading per container (no Prometheus): confidence
     * {@value PointInTimeAdvisor#CONFIDENCE}, requests only raised. Needs a cluster in {@code scope}.
     */
    public static ScalingReport fromMetricsServer(List<dev.aiops.infra.metrics.ContainerUsage> usage,
                                                  ScalingScope scope, AdvisorSettings settings, Clock clock) {
        return PointInTimeAdvisor.advise(usage, scope, settings, clock);
    }

    private void stream(Queries q, UsageCollector collector, Instant start, Instant end, Duration step,
                        Duration rateWindow, Set<String> warnings) throws MetricsException {
        long stepMillis = step.toMillis();
        int total = (int) (Duration.between(start, end).toMillis() / stepMillis) + 1;
        String cpu = q.cpu(rateWindow);
        String memory = q.memory(step);
        for (int first = 0; first < total; first += settings.chunkSteps()) {
            int n = Math.min(settings.chunkSteps(), total - first);
            Instant from = start.plusMillis(first * stepMillis);
            Instant to = start.plusMillis((first + n - 1) * stepMillis);
            collector.beginChunk(first, n);
            RangeSummary c = source.range(cpu, from, to, step, collector.cpuSink());
            RangeSummary m = source.range(memory, from, to, step, collector.memorySink());
            collector.endChunk();
            warnings.addAll(c.warnings());
            warnings.addAll(m.warnings());
        }
        collector.finish();
    }

    /** The scrape interval: 3600 s over the samples per hour of the coarsest established series, near the end first. */
    private Duration sampleInterval(Queries q, Instant start, Instant end, List<String> warnings)
            throws MetricsException {
        Duration window = Duration.between(start, end);
        for (Instant at : List.of(end, start.plus(window.dividedBy(2)), start.plus(Duration.ofHours(1)))) {
            InstantResult r = source.instant(q.samplesPerHour(), at);
            if (!r.series().isEmpty() && !r.series().get(0).samples().isEmpty()) {
                double perHour = r.series().get(0).samples().get(0).value();
                if (perHour >= 1 && !Double.isInfinite(perHour)) return snap(3600 / perHour);
            }
        }
        warnings.add("no " + settings.names().cpuUsage() + " samples near the window's start, middle or end: sample"
                + " interval assumed to be 60s");
        return Duration.ofSeconds(60);
    }

    /**
     * The scrape interval people configure nearest to {@code seconds}, when within 10%: a closed one-hour range
     * holds 12 or 13 samples of a 5-minute series depending on alignment.
     */
    static Duration snap(double seconds) {
        for (long common : COMMON_INTERVALS) {
            if (Math.abs(seconds - common) <= common * 0.1) return Duration.ofSeconds(common);
        }
        return Duration.ofSeconds(Math.max(1, Math.round(seconds)));
    }

    /** The sample interval, or coarser when the window would need more than {@code maxPoints} steps. */
    Duration step(Duration window, Duration interval) {
        long minimum = (long) Math.ceil(window.toSeconds() / (double) (settings.maxPoints() - 1));
        return Duration.ofSeconds(Math.max(interval.toSeconds(), minimum));
    }

    /**
     * At least two samples per window even with scrape jitter (two intervals and a half), and never shorter than a
     * step, so no sample falls between two evaluations.
     */
    static Duration rateWindow(Duration step, Duration interval) {
        long s = Math.max(step.toSeconds(), 2 * interval.toSeconds()) + (interval.toSeconds() + 1) / 2;
        return Duration.ofSeconds(s);
    }

    private ScalingReport failed(WorkloadCatalog catalog, Instant start, Instant end, MetricsException e,
                                 List<String> warnings) {
        List<ContainerAdvice> out = new ArrayList<>();
        for (WorkloadCatalog.Spec spec : catalog.specs()) {
            for (String c : spec.containers().keySet()) {
                ObjectNode why = JsonNodeFactory.instance.objectNode().put("failure", e.kind().name());
                out.add(ContainerAdvice.notGiven(spec.workload(), c, ContainerAdvice.Status.ERROR,
                        "metrics could not be read: " + e.getMessage(), spec.current(c), why));
            }
        }
        List<String> w = new ArrayList<>(warnings);
        w.add("no recommendation was made: " + e.getMessage());
        return new ScalingReport(clock.instant(), "prometheus", url(), start, end, null, out, List.of(), w,
                settings.prices().currency());
    }

    private String url() {
        String d = source.describe();
        return d.startsWith("prometheus ") ? d.substring("prometheus ".length()) : null;
    }
}
