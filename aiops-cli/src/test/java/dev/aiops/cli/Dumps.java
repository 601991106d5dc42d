package dev.aiops.cli;

import java.io.IOException;
import java.nio.file.Path;

/** Copies of the sample dumps that a test may break. */
final class Dumps {

    static final Path SAMPLES = Path.of("..", "agents-domain", "src", "test", "resources", "samples");

    private Dumps() {
    }

    /** A copy of {@code samples/<sample>/dump} at {@code dir/dump}. */
    static Path copy(String sample, Path dir) throws IOException {
        return Folders.copy(SAMPLES.resolve(sample).resolve("dump"), dir.resolve("dump"));
    }
}
