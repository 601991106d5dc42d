package dev.aiops.domain.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code aiops spec render}, byte for byte: each example rendered for each of its environments gives exactly the
 * files under {@code src/test/resources/specs/golden/<example>/<environment>/}.
 *
 * <p>After a change to the renderer or the examples that is meant to change the output, regenerate the files and
 * review the diff before committing it:
 *
 * <pre>
 * ./mvnw -o -B -q -pl agents-domain -am test -Dtest=SpecRenderGoldenTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djacoco.skip=true -Dspec.golden.update=true
 * git diff agents-domain/src/test/resources/specs/golden
 * </pre>
 */
class SpecRenderGoldenTest {

    static final Path GOLDEN = SpecFixtures.SPECS.resolve("golden");
    static final boolean UPDATE = Boolean.getBoolean("spec.golden.update");

    static Stream<Arguments> examplesAndEnvironments() {
        List<Arguments> out = new ArrayList<>();
        for (String file : SpecFixtures.EXAMPLE_FILES) {
            for (String env : SpecFixtures.example(file).environments().keySet()) out.add(Arguments.of(file, env));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("examplesAndEnvironments")
    void rendersExactlyTheGoldenFiles(String example, String environment) throws IOException {
        Map<String, String> rendered = SpecRenderer.files(SpecFixtures.example(example), environment);
        Path dir = GOLDEN.resolve(example.replace(".yaml", "")).resolve(environment);
        if (UPDATE) rewrite(dir, rendered);

        assertThat(Files.isDirectory(dir)).as("%s exists (regenerate with -Dspec.golden.update=true)", dir).isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .as("the files of %s", dir).containsExactlyElementsOf(new TreeSet<>(rendered.keySet()));
        }
        for (Map.Entry<String, String> f : rendered.entrySet()) {
            byte[] golden = Files.readAllBytes(dir.resolve(f.getKey()));
            assertThat(f.getValue().getBytes(StandardCharsets.UTF_8)).as("%s/%s", dir, f.getKey()).isEqualTo(golden);
        }
    }

    @Test
    void everyGoldenDirectoryBelongsToAnExampleAndAnEnvironment() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse(UPDATE, "regenerating: remove stale directories by hand");
        List<String> expected = examplesAndEnvironments()
                .map(a -> a.get()[0].toString().replace(".yaml", "") + "/" + a.get()[1]).sorted().toList();
        try (Stream<Path> dirs = Files.walk(GOLDEN, 2)) {
            assertThat(dirs.filter(p -> GOLDEN.relativize(p).getNameCount() == 2)
                    .map(p -> GOLDEN.relativize(p).toString().replace('\\', '/')).sorted())
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void rendersTheSameBytesEveryTime() {
        DeploymentSpec spec = SpecFixtures.example("web-service.yaml");

        assertThat(SpecRenderer.files(spec, "production")).isEqualTo(SpecRenderer.files(spec, "production"));
    }

    private static void rewrite(Path dir, Map<String, String> files) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.toList()) Files.delete(p);
            }
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
    }
}
