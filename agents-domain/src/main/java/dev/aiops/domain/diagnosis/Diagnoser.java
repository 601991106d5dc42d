package dev.aiops.domain.diagnosis;

import dev.aiops.domain.diagnosis.analyzers.AccessAnalyzer;
import dev.aiops.domain.diagnosis.analyzers.EventAnalyzer;
import dev.aiops.domain.diagnosis.analyzers.IngressAnalyzer;
import dev.aiops.domain.diagnosis.analyzers.JobAnalyzer;
import dev.aiops.domain.diagnosis.analyzers.NetworkPolicyAnalyzer;
import dev.aiops.domain.diagnosis.analyzers.NodeAnalyzer;
import dev.aiops.domain.diagnosis.analyzers.PodAnalyzer;
import dev.aiops.domain.diagnosis.analyzers.PolicyAnalyzer;
import dev.aiops.domain.diagnosis.analyzers.ReferenceAnalyzer;
import dev.aiops.domain.diagnosis.analyzers.ScalingAnalyzer;
import dev.aiops.domain.diagnosis.analyzers.ServiceAnalyzer;
import dev.aiops.domain.diagnosis.analyzers.StorageAnalyzer;
import dev.aiops.domain.diagnosis.analyzers.WarningEventAnalyzer;
import dev.aiops.domain.diagnosis.analyzers.WorkloadAnalyzer;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotWarning;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs every analyzer over a snapshot and turns what they found into one report: one finding per object (or
 * owner) and category, the most severe kept, sorted by severity, namespace and object. Works with no model.
 */
public final class Diagnoser {

    private static final Logger LOG = LoggerFactory.getLogger(Diagnoser.class);

    private static final int PARALLEL_FROM = 5_000;
    private static final int AUTO = 0;

    private final List<Analyzer> analyzers;
    private final Clock clock;
    private final int threads;

    public Diagnoser(List<Analyzer> analyzers, Clock clock) {
        this(analyzers, clock, AUTO);
    }

    private Diagnoser(List<Analyzer> analyzers, Clock clock, int threads) {
        this.analyzers = List.copyOf(analyzers);
        this.clock = clock;
        this.threads = threads;
    }

    /**
     * The same diagnoser running its analyzers (and the index's event grouping) on at most {@code threads}
     * threads; 1 runs everything on the calling thread. By default a snapshot of 5,000 objects or more uses the
     * machine's cores (at most 4) and a smaller one the calling thread. The report is the same whatever the number.
     */
    public Diagnoser withThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
        return new Diagnoser(analyzers, clock, threads);
    }

    /** All built-in analyzers. */
    public static Diagnoser standard() {
        return new Diagnoser(List.of(new PodAnalyzer(), new ServiceAnalyzer(), new IngressAnalyzer(),
                new StorageAnalyzer(), new NodeAnalyzer(), new WorkloadAnalyzer(), new JobAnalyzer(),
                new ScalingAnalyzer(), new NetworkPolicyAnalyzer(), new AccessAnalyzer(), new PolicyAnalyzer(),
                new WarningEventAnalyzer(), new ReferenceAnalyzer(), new EventAnalyzer()),
                Clock.systemUTC());
    }

    /**
     * Runs one analyzer with the caller's logging context (correlation id), on whichever thread. An analyzer that
     * throws costs only its own findings, and {@code failures} gets a sentence for the report's warnings.
     */
    private static List<Finding> run(Analyzer a, ClusterIndex index, Map<String, String> mdc, List<String> failures) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        if (mdc != null) MDC.setContextMap(mdc);
        try {
            return a.analyze(index);
        } catch (RuntimeException e) {
            // one analyzer tripping over odd input must not cost the others' findings
            LOG.warn("analyzer {} failed: {}", a.name(), e.toString());
            failures.add("analyzer " + a.name() + " stopped on input it could not read (" + e.getMessage()
                    + "); its findings are missing from this report");
            return List.of();
        } finally {
            if (before != null) MDC.setContextMap(before);
            else MDC.clear();
        }
    }

    public List<Analyzer> analyzers() {
        return analyzers;
    }

    /**
     * Diagnoses {@code snapshot}.
     *
     * @param namespaces only findings in these namespaces (cluster-scoped findings are kept); empty for all
     * @param categories only these categories; empty for all
     */
    public DiagnosisReport diagnose(ClusterSnapshot snapshot, Set<String> namespaces, Set<Category> categories) {
        long start = System.nanoTime();
        // threads pay off only on large snapshots; a small one is diagnosed before they would have started
        int n = threads != AUTO ? threads : snapshot.objectCount() < PARALLEL_FROM ? 1
                : Math.min(4, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = n < 2 ? null : Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "aiops-diagnosis");
            t.setDaemon(true);
            return t;
        });
        Executor executor = pool == null ? Runnable::run : pool;
        Map<String, Finding> unique = new LinkedHashMap<>();
        Set<String> generic = new HashSet<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try {
            ClusterIndex index = new ClusterIndex(snapshot, executor);
            // the slowest analyzers come first in the list, so they start first
            List<CompletableFuture<List<Finding>>> runs = new ArrayList<>();
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            for (Analyzer a : analyzers) {
                if (!a.coverage().contains(snapshot.coverage())) continue;
                runs.add(CompletableFuture.supplyAsync(() -> run(a, index, mdc, failures), executor));
            }
            // merged in analyzer order, so the report does not depend on which thread finished first
            for (int i = 0; i < runs.size(); i++) {
                boolean fallback = analyzers.get(i).fallback();
                for (Finding f : runs.get(i).join()) {
                    if (!categories.isEmpty() && !categories.contains(f.category())) continue;
                    String ns = f.object().namespace();
                    if (!namespaces.isEmpty() && ns != null && !namespaces.contains(ns)) continue;
                    String key = f.category() + "|" + f.subject();
                    // a fallback never stands beside, or replaces, what a specific analyzer found
                    if (fallback) {
                        if (unique.putIfAbsent(key, f) == null) generic.add(key);
                    } else if (generic.remove(key)) {
                        unique.put(key, f);
                    } else {
                        unique.merge(key, f, (x, y) -> y.severity().ordinal() < x.severity().ordinal() ? y : x);
                    }
                }
            }
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        List<Finding> findings = new ArrayList<>(unique.values());
        findings.sort(Comparator.comparing(Finding::severity)
                .thenComparing(f -> String.valueOf(f.object().namespace()))
                .thenComparing(f -> f.subject().name())
                .thenComparing(Finding::category));
        List<String> warnings = new ArrayList<>();
        for (SnapshotWarning w : snapshot.warnings()) warnings.add(w.toString());
        // in a fixed order, whichever thread failed first
        failures.stream().sorted().forEach(warnings::add);
        long ms = (System.nanoTime() - start) / 1_000_000;
        LOG.info("diagnosed {} objects from {} {}: {} findings in {} ms", snapshot.objectCount(),
                snapshot.source().type(), snapshot.source().name(), findings.size(), ms);
        return new DiagnosisReport(clock.instant(), snapshot.source().type(), snapshot.source().name(),
                snapshot.objectCount(), ms, findings, warnings);
    }
}
