package dev.aiops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end-to-end baseline for {@code aiops diagnose --from-dump DIR}: a process that parses every JSON file of the
 * dump into a Jackson tree and reads every {@code logs.txt} as text, on one thread, then prints what it read. Run
 * with the launcher's JVM options, so that both processes pay the same start-up:
 * {@code java -XX:TieredStopAtLevel=1 -XX:+UseParallelGC -Xmx512m -cp benchmarks/target/benchmarks-jmh.jar
 * dev.aiops.bench.ParseBaseline DIR}.
 */
public final class ParseBaseline {

    private ParseBaseline() {
    }

    public static void main(String[] args) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Path> files;
        try (Stream<Path> walk = Files.find(Path.of(args[0]), Integer.MAX_VALUE, (p, a) -> a.isRegularFile())) {
            files = walk.sorted().toList();
        }
        long nodes = 0;
        long chars = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".json")) nodes += json.readTree(f.toFile()).path("items").size();
            else if (name.equals("logs.txt")) chars += Files.readString(f, StandardCharsets.UTF_8).length();
        }
        System.out.println(nodes + " objects, " + chars + " characters of logs");
    }
}
