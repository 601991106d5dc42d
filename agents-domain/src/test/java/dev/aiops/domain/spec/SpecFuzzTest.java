package dev.aiops.domain.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Hostile deployment spec files, down the path of {@code aiops spec validate}: the reader gives a spec or problems
 * naming the file, never an exception, and a spec it accepts renders and is diagnosed in every environment without
 * an exception. Seeds: {@code examples/specs}.
 */
class SpecFuzzTest {

    private static final SpecValidator VALIDATOR = SpecValidator.standard();

    @FuzzTest(maxDuration = "2m")
    void aSpecFileIsASpecOrProblemsNamingTheFile(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);

        SpecRead read = SpecReader.parse("fuzz.yaml", yaml);

        assertThat(read.problems()).allSatisfy(p -> {
            assertThat(p.source()).isEqualTo("fuzz.yaml");
            assertThat(p.message()).isNotBlank();
            assertThat(p.line()).isNotNegative();
        });
        if (!read.valid()) {
            return;
        }
        for (String environment : read.spec().environments().keySet()) {
            assertThat(SpecRenderer.files(read.spec(), environment)).isNotEmpty();
            assertThat(VALIDATOR.violations(read.spec(), environment)).allSatisfy(v ->
                    assertThat(v.environment()).isEqualTo(environment));
        }
    }
}
