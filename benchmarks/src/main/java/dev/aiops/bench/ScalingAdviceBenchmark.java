package dev.aiops.bench;

import dev.aiops.domain.scaling.AdvisorSettings;
import dev.aiops.domain.scaling.ContainerAdvice;
import dev.aiops.domain.scaling.ScalingAdvisor;
import dev.aiops.domain.scaling.ScalingReport;
import dev.aiops.domain.scaling.ScalingScope;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.metrics.MetricsException;
import dev.aiops.infra.metrics.PrometheusClient;
import dev.aiops.infra.metrics.PrometheusSettings;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Right-sizing 1,000 containers from 14 days of 5-minute samples read from a real Prometheus (see
 * {@link ScalingUsageData}): {@code streaming}, the {@link ScalingAdvisor} with its defaults (range results streamed
 * in chunks of 1,000 steps into decaying histograms), in a 256 MB heap; against {@code loadAll}, the same samples
 * loaded whole and sorted ({@link LoadAllSamples}), in a 4 GB heap (it keeps 1.4-1.8 GB after collections, and
 * fails with OutOfMemoryError in 256 MB). Target: under 15 s and under 256 MB for {@code streaming}.
 *
 * <p>Each invocation prints the heap it used at its peak (garbage included, from the collectors' notifications),
 * the largest heap after one of its collections, and the samples read. The data is generated and backfilled once,
 * in the first trial's setup, outside the measurement. Both forks use ParallelGC, as the {@code aiops} launcher.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class ScalingAdviceBenchmark {

    private ScalingUsageData.Server server;
    private ScalingUsageData.Manifest manifest;
    private ClusterSnapshot cluster;
    private Set<String> deployments;
    private Instant end;
    private Clock clock;
    private final HeapPeak heap = new HeapPeak();
    private final List<String> measured = new ArrayList<>();
    private String benchmark;
    private boolean measuring;
    private long samples;
    private String summary;
    private HttpClient http;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException {
        benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        Path home = ScalingUsageData.home();
        manifest = ScalingUsageData.ensure(home);
        end = manifest.end();
        clock = Clock.fixed(end.plusSeconds(60), ZoneOffset.UTC);
        List<ScalingUsageData.Container> containers = ScalingUsageData.containers();
        cluster = ScalingUsageData.cluster(containers);
        deployments = new HashSet<>();
        for (ScalingUsageData.Container c : containers) deployments.add(c.namespace() + "/" + c.deployment());
        long t0 = System.nanoTime();
        server = ScalingUsageData.Server.start(home);
        http = LoadAllSamples.client();
        System.out.printf(Locale.ROOT, "%n[scaling] dataset %s: %,d samples ending %s (written in %.1f s, backfilled"
                        + " in %.1f s, %,d MB of OpenMetrics, %,d MB of TSDB); prometheus ready in %.1f s at %s;"
                        + " heap max %s%n",
                home, manifest.samples(), end, manifest.generateSeconds(), manifest.backfillSeconds(),
                manifest.openMetricsBytes() >> 20, manifest.tsdbBytes() >> 20, (System.nanoTime() - t0) / 1e9,
                server.url(), HeapPeak.mib(Runtime.getRuntime().maxMemory()));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (server != null) server.close();
        System.out.printf("%n[scaling] %s, measured invocations:%n", benchmark);
        measured.forEach(line -> System.out.println("[scaling]   " + line));
        if (summary != null) System.out.println("[scaling]   " + summary);
    }

    @Setup(Level.Iteration)
    public void iteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
    }

    @Setup(Level.Invocation)
    public void beforeInvocation() throws InterruptedException {
        // lets loadAll's idle HTTP connection expire (see its @Fork) before the heap is collected and measured
        Thread.sleep(1_500);
        System.gc();
        samples = 0;
        heap.start();
    }

    @TearDown(Level.Invocation)
    public void afterInvocation() {
        HeapPeak.Result r = heap.stop();
        String line = String.format(Locale.ROOT, "%s%s: peak heap %s (garbage included), largest after GC %s,"
                        + " %s before, %d collections, %,d samples read", measuring ? "" : "(warm-up) ", benchmark,
                HeapPeak.mib(r.peakUsed()), HeapPeak.mib(r.maxLiveAfterGc()), HeapPeak.mib(r.usedAtStart()),
                r.collections(), samples);
        System.out.println("[scaling] " + line);
        if (measuring) measured.add(line);
    }

    /** The advisor with its defaults over the 14 days, reading from Prometheus in chunks. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-XX:+UseParallelGC"})
    public ScalingReport streaming() throws MetricsException {
        ScalingReport report = new ScalingAdvisor(new PrometheusClient(PrometheusSettings.of(server.url())),
                AdvisorSettings.DEFAULT, clock).advise(new ScalingScope(Set.of(), null, ScalingUsageData.WINDOW, end,
                cluster, null));
        int ok = 0;
        long read = 0;
        double cpu = 0;
        double memory = 0;
        for (ContainerAdvice a : report.containers()) {
            read += a.reasoning().path("samples").path("cpu").asLong() + a.reasoning().path("samples").path("memory")
                    .asLong();
            if (a.status() != ContainerAdvice.Status.OK) continue;
            ok++;
            cpu += a.recommended().cpuRequest();
            memory += a.recommended().memoryRequest();
        }
        if (ok != ScalingUsageData.CONTAINERS || report.containers().size() != ScalingUsageData.CONTAINERS) {
            ContainerAdvice bad = report.containers().stream().filter(a -> a.status() != ContainerAdvice.Status.OK)
                    .findFirst().orElse(null);
            throw new IllegalStateException(ok + " of " + report.containers().size() + " containers got a"
                    + " recommendation, " + ScalingUsageData.CONTAINERS + " expected; first other: "
                    + (bad == null ? "none" : bad.workload() + " " + bad.status() + ": " + bad.reason())
                    + "; warnings: " + report.warnings());
        }
        samples = read;
        summary = String.format(Locale.ROOT, "%d containers ok, step %s, recommended in total %.2f cores and %.1f GiB",
                ok, report.step(), cpu, memory / (1L << 30));
        return report;
    }

    /** Every sample of both metrics over the 14 days in memory, then exact percentiles by sorting. */
    @Benchmark
    // JDK 17's HttpClient keeps the last response of an idle pooled connection reachable (a 134 MiB body stayed
    // live after the caller dropped it): idle connections close after a second, so one invocation's body is not
    // counted in the next one's heap
    @Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC", "-Djdk.httpclient.keepalive.timeout=1"})
    public LoadAllSamples.Result loadAll() throws IOException, InterruptedException {
        LoadAllSamples.Result r = new LoadAllSamples(http, server.url()).recommend(deployments,
                end.minus(ScalingUsageData.WINDOW), end, Duration.ofSeconds(ScalingUsageData.INTERVAL));
        if (r.recommendations().size() != ScalingUsageData.CONTAINERS) {
            throw new IllegalStateException(r.recommendations().size() + " containers got a recommendation, "
                    + ScalingUsageData.CONTAINERS + " expected");
        }
        samples = r.samples();
        double cpu = r.recommendations().stream().mapToDouble(LoadAllSamples.Recommendation::cpuCores).sum();
        double memory = r.recommendations().stream().mapToDouble(LoadAllSamples.Recommendation::memoryBytes).sum();
        summary = String.format(Locale.ROOT, "%d containers, %,d MB of JSON read, recommended in total %.2f cores and"
                + " %.1f GiB", r.recommendations().size(), r.bytes() >> 20, cpu, memory / (1L << 30));
        return r;
    }
}
