package dev.aiops.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders every packaged prompt with its fixture (src/test/resources/prompt-fixtures/ID.yaml) and compares the
 * text with the checked-in snapshot (prompt-golden/ID.txt). After a deliberate prompt change, regenerate with
 * {@code ./mvnw -pl agents-core test -Dtest=PromptGoldenTest -Dprompts.golden.update=true} and review the diff.
 */
class PromptGoldenTest {

    static final Path FIXTURES = Path.of("src/test/resources/prompt-fixtures");
    static final Path GOLDEN = Path.of("src/test/resources/prompt-golden");

    @TestFactory
    Iterable<DynamicTest> everyPromptRendersAsItsSnapshot() {
        PromptRegistry registry = PromptRegistry.fromClasspath();
        assertThat(registry.all()).hasSizeGreaterThanOrEqualTo(4);
        return registry.all().stream().map(p -> DynamicTest.dynamicTest(p.id(), () -> check(p))).toList();
    }

    private static void check(Prompt p) throws IOException {
        Path fixture = FIXTURES.resolve(p.id() + ".yaml");
        if (!Files.exists(fixture)) {
            fail("prompt " + p.id() + " has no fixture " + fixture + "; add one with a value for every variable");
        }
        Map<String, Object> values = YAMLMapper.builder().build().readValue(fixture.toFile(), new TypeReference<>() { });
        String rendered = p.render(values).text();
        Path golden = GOLDEN.resolve(p.id() + ".txt");
        if (Boolean.getBoolean("prompts.golden.update") || !Files.exists(golden)) {
            Files.writeString(golden, rendered, StandardCharsets.UTF_8);
            if (!Boolean.getBoolean("prompts.golden.update")) {
                fail("wrote the missing snapshot " + golden + "; review it and commit it");
            }
        }
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        if (!expected.equals(rendered)) {
            String[] a = expected.split("\n", -1);
            String[] b = rendered.split("\n", -1);
            int line = 0;
            while (line < Math.min(a.length, b.length) && a[line].equals(b[line])) {
                line++;
            }
            fail(p.id() + " renders differently from " + golden + " from line " + (line + 1) + ":\n  expected: "
                    + (line < a.length ? a[line] : "<end>") + "\n  actual:   " + (line < b.length ? b[line] : "<end>")
                    + "\nIf the change is intended, rerun with -Dprompts.golden.update=true and review the diff.");
        }
        assertThat(rendered).doesNotContain("{{");
    }
}
