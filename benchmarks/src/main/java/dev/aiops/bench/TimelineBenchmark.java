package dev.aiops.bench;

import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.timeline.Timeline;
import dev.aiops.domain.timeline.TimelineBuilder;
import dev.aiops.domain.timeline.TimelineEntry;
import dev.aiops.domain.timeline.TimelineQuery;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Timelines of the diagnosis benchmark's synthetic cluster (10,000 pods, 50,000 events, 2,000 Deployments) side by
 * side with diagnosing it, in the same run. {@link Logged}: every pod also has a 20-line log (200,000 lines in five
 * formats over a day); {@link Unlogged}: only the crash-looping pods have logs, as in {@code DiagnoseBenchmark}.
 * Timelines for a 1-hour window (10:00-11:00, which holds every event and status and 1/24 of the log lines) and for
 * the whole snapshot, on a snapshot already read; and end to end from the files, as the CLI runs. Target: under 2x
 * the time of diagnose, memory bounded by the window. The forks use the collector the {@code aiops} launcher uses
 * (ParallelGC). The dumps are written once under {@code benchmarks/target/timeline-data} and reused.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class TimelineBenchmark {

    static final int LOG_LINES_PER_POD = 20;
    static final TimelineQuery HOUR = TimelineQuery.builder().since(Instant.parse("2026-11-20T10:00:00Z"))
            .until(Instant.parse("2026-11-20T11:00:00Z")).build();

    /** The snapshot with a log for every pod. */
    @State(Scope.Benchmark)
    public static class Logged {
        Path dir;
        ClusterSnapshot snapshot;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = dump("logs-" + LOG_LINES_PER_POD, LOG_LINES_PER_POD);
            snapshot = read(dir);
        }
    }

    /** The snapshot of {@code DiagnoseBenchmark}: logs for the crash-looping pods only. */
    @State(Scope.Benchmark)
    public static class Unlogged {
        Path dir;
        ClusterSnapshot snapshot;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = dump("logs-0", 0);
            snapshot = read(dir);
        }
    }

    /** The dump {@code name}, written on first use (a {@code complete} file marks one that was written whole). */
    static Path dump(String name, int logLines) throws IOException {
        Path dir = home().resolve(name);
        if (!Files.exists(dir.resolve("complete"))) {
            delete(dir);
            SyntheticCluster.write(dir, 20, 2_000, 5, 5, 50, logLines);
            Files.writeString(dir.resolve("complete"), "");
        }
        return dir;
    }

    /** Deletes a partly written dump. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** {@code -Daiops.bench.timelineDir}, else {@code timeline-data} next to the benchmarks jar. */
    static Path home() {
        String configured = System.getProperty("aiops.bench.timelineDir");
        if (configured != null) return Path.of(configured).toAbsolutePath();
        try {
            Path code = Path.of(TimelineBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code) && code.getParent() != null) return code.getParent().resolve("timeline-data");
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through
        }
        return Path.of("benchmarks", "target", "timeline-data").toAbsolutePath();
    }

    /** Reads the dump and checks its size; prints the timelines' sizes and the heap they keep. */
    static ClusterSnapshot read(Path dir) {
        ClusterSnapshot s = SnapshotReader.read(dir);
        if (s.objectCount() < 10_000 + 50_000 + 2_000) {
            throw new IllegalStateException("synthetic snapshot too small: " + s.objectCount() + " objects");
        }
        for (TimelineQuery q : new TimelineQuery[] {TimelineQuery.all(), HOUR}) {
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long before = rt.totalMemory() - rt.freeMemory();
            Timeline t = TimelineBuilder.build(s, q);
            System.gc();
            long after = rt.totalMemory() - rt.freeMemory();
            System.out.printf("%n[timeline] %s, %s: %,d entries (%,d time-uncertain), %,d outside the window,"
                            + " %.1f MB kept by the timeline", dir.getFileName(), q == HOUR ? "1 hour" : "whole snapshot",
                    t.entries().size(), t.entries().stream().filter(TimelineEntry::timeUncertain).count(),
                    t.omitted().beforeWindow() + t.omitted().afterWindow(), (after - before) / 1e6);
        }
        System.out.println();
        return s;
    }

    /** The baseline: every analyzer on the snapshot already read, on the machine's cores. */
    @Benchmark
    public DiagnosisReport diagnose(Logged data) {
        return Diagnoser.standard().diagnose(data.snapshot, Set.of(), Set.of());
    }

    @Benchmark
    public Timeline timelineHour(Logged data) {
        return TimelineBuilder.build(data.snapshot, HOUR);
    }

    @Benchmark
    public Timeline timelineAll(Logged data) {
        return TimelineBuilder.build(data.snapshot, TimelineQuery.all());
    }

    /** What {@code aiops diagnose --from-dump} does: read the dump, then diagnose. */
    @Benchmark
    public DiagnosisReport readAndDiagnose(Logged data) {
        return Diagnoser.standard().diagnose(SnapshotReader.read(data.dir), Set.of(), Set.of());
    }

    /** What {@code aiops timeline --from-dump} does for the whole snapshot. */
    @Benchmark
    public Timeline readAndTimelineAll(Logged data) {
        return TimelineBuilder.build(SnapshotReader.read(data.dir), TimelineQuery.all());
    }

    /** The stricter baseline: diagnosis is much faster when most pods have no log to read. */
    @Benchmark
    public DiagnosisReport diagnoseWithoutLogs(Unlogged data) {
        return Diagnoser.standard().diagnose(data.snapshot, Set.of(), Set.of());
    }

    @Benchmark
    public Timeline timelineAllWithoutLogs(Unlogged data) {
        return TimelineBuilder.build(data.snapshot, TimelineQuery.all());
    }
}
