package dev.aiops.bench;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.infra.k8s.SnapshotReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

/**
 * Diagnosis of the synthetic dump with real log volume: every one of the 10,000 pods logs {@value #LOG_LINES} lines
 * (about 7 KB, 70 MB in all) in five formats, and the pods of 20 Deployments keep logging one error (refused
 * connection, RBAC denial, TLS, DNS, 401). Baseline: parsing the JSON files with Jackson and reading every log
 * file as text, on one thread. Target: at most 1.2x the baseline, one thread and both cores, in a 512 MB heap. The
 * dump is written once under {@code benchmarks/target/timeline-data/logs-70-troubled} and reused.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class DiagnoseLogsBenchmark {

    static final int LOG_LINES = 70;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path dir;
    private List<Path> logFiles;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = dump(LOG_LINES);
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            logFiles = files.stream().filter(p -> p.getFileName().toString().equals("logs.txt")).toList();
        }
        long bytes = 0;
        for (Path f : logFiles) bytes += Files.size(f);
        DiagnosisReport r = readAndDiagnose();
        long running = r.findings().stream().filter(f -> f.category() == Category.RBACDenied
                || f.category() == Category.DependencyUnreachable).count();
        System.out.printf("%n[logs] %,d log files, %.1f MB; %,d findings, %d RBACDenied or DependencyUnreachable%n",
                logFiles.size(), bytes / 1e6, r.findings().size(), running);
    }

    /** The dump with {@code lines} log lines per pod and the troubled Deployments, written on first use. */
    static Path dump(int lines) throws IOException {
        Path dir = TimelineBenchmark.home().resolve("logs-" + lines + "-troubled");
        if (!Files.exists(dir.resolve("complete"))) {
            TimelineBenchmark.delete(dir);
            SyntheticCluster.write(dir, 20, 2_000, 5, 5, 50, lines, true);
            Files.writeString(dir.resolve("complete"), "");
        }
        return dir;
    }

    /**
     * The baseline: find the dump's files (a dump of 10,000 pods is 10,000 folders, and listing them costs about as
     * much as reading the logs), parse every JSON file into a tree and read every log file as text, on one thread.
     */
    @Benchmark
    public void parseAndReadLogs(Blackhole bh) throws IOException {
        try (Stream<Path> files = Files.find(dir, Integer.MAX_VALUE, (p, a) -> a.isRegularFile())) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json")) bh.consume(JSON.readTree(f.toFile()));
                else if (name.equals("logs.txt")) bh.consume(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
    }

    /** What {@code aiops diagnose --from-dump} does, on the machine's cores. */
    @Benchmark
    public DiagnosisReport readAndDiagnose() {
        return Diagnoser.standard().diagnose(SnapshotReader.read(dir), Set.of(), Set.of());
    }

    /** The same on the calling thread only, as the baseline runs. */
    @Benchmark
    public DiagnosisReport readAndDiagnoseOneThread() {
        return Diagnoser.standard().withThreads(1).diagnose(SnapshotReader.read(dir, 1), Set.of(), Set.of());
    }
}
