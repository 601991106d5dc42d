package dev.aiops.bench;

import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.infra.k8s.SnapshotReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

/**
 * End-to-end diagnosis of a synthetic dump (10,000 pods, 50,000 events, 2,000 Deployments) against merely
 * parsing the same files with Jackson. Target: at most 1.5x the parse time, in a 512 MB heap. The forks use the
 * collector the {@code aiops} launcher uses (ParallelGC).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class DiagnoseBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path dir;
    private List<Path> jsonFiles;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("aiops-bench-dump");
        SyntheticCluster.write(dir, 20, 2_000, 5, 5, 50);
        try (Stream<Path> walk = Files.walk(dir)) {
            jsonFiles = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        DiagnosisReport r = Diagnoser.standard().diagnose(SnapshotReader.read(dir), Set.of(), Set.of());
        if (r.objectsScanned() < 10_000 + 50_000 + 2_000) {
            throw new IllegalStateException("synthetic dump too small: " + r.objectsScanned());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The baseline: parse every JSON file of the dump into a tree, nothing else. */
    @Benchmark
    public void parseOnly(Blackhole bh) {
        for (Path f : jsonFiles) {
            bh.consume(JSON.readTree(f.toFile()));
        }
    }

    /** Read the dump as the CLI does (objects, logs, redaction) and run every analyzer, on the machine's cores. */
    @Benchmark
    public DiagnosisReport readAndDiagnose() {
        return Diagnoser.standard().diagnose(SnapshotReader.read(dir), Set.of(), Set.of());
    }

    /** The same on the calling thread only, as the baseline parses. */
    @Benchmark
    public DiagnosisReport readAndDiagnoseOneThread() {
        return Diagnoser.standard().withThreads(1).diagnose(SnapshotReader.read(dir, 1), Set.of(), Set.of());
    }
}
