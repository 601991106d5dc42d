package dev.aiops.domain.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/** The example specs and the test specs, read as the CLI reads them. */
final class SpecFixtures {

    static final Path EXAMPLES = Path.of("..", "examples", "specs");
    static final Path SPECS = Path.of("src", "test", "resources", "specs");
    static final List<String> EXAMPLE_FILES = List.of("web-service.yaml", "postgres.yaml");

    private SpecFixtures() {
    }

    static DeploymentSpec example(String file) {
        return valid(EXAMPLES.resolve(file));
    }

    static DeploymentSpec valid(Path file) {
        SpecRead read = SpecReader.read(file);
        assertThat(read.problems()).as("problems of %s", file).isEmpty();
        return read.spec();
    }

    /** A spec from YAML text, which must be valid. */
    static DeploymentSpec parse(String yaml) {
        SpecRead read = SpecReader.parse("test.yaml", yaml);
        assertThat(read.problems()).isEmpty();
        return read.spec();
    }
}
