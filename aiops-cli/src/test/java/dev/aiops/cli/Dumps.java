package dev.aiops.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the sample dumps that a test may break. */
final class Dumps {

    static final Path SAMPLES = Path.of("..", "agents-domain", "src", "test", "resources", "samples");

    private Dumps() {
    }

    /** A copy of {@code samples/<sample>/dump} at {@code dir/dump}. */
    static Path copy(String sample, Path dir) throws IOException {
        Path from = SAMPLES.resolve(sample).resolve("dump");
        Path copy = dir.resolve("dump");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return copy;
    }
}
