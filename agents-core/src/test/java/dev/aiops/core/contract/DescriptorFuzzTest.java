package dev.aiops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Hostile agent descriptor files: the loader gives descriptors or problems naming the file, never an exception.
 * Seeds: the descriptors in {@code skills/}.
 */
class DescriptorFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void aDescriptorFileIsDescriptorsOrProblemsNamingTheFile(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);

        DescriptorSet set = DescriptorLoader.parse("fuzz.yaml", yaml);

        assertThat(set.problems()).allSatisfy(p -> {
            assertThat(p.source()).startsWith("fuzz.yaml");
            assertThat(p.message()).isNotBlank();
        });
        assertThat(set.descriptors()).allSatisfy(d -> assertThat(d.name()).matches(AgentDescriptor.NAME));
    }
}
