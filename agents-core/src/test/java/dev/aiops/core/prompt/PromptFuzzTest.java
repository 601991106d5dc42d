package dev.aiops.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hostile prompt files: the front matter parser gives a prompt or problems naming the file, never an exception;
 * a prompt it accepts renders or refuses its values with a {@link PromptException}. Seeds: the product's prompts.
 */
class PromptFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void aPromptFileIsAPromptOrProblemsNamingTheFile(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();

        Prompt prompt = PromptRegistry.parse("fuzz.md", text, problems);

        if (prompt == null) {
            assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("fuzz.md: "));
            return;
        }
        assertThat(problems).isEmpty();
        try {
            assertThat(prompt.render(Map.of()).text()).isNotNull();
        } catch (PromptException e) {
            assertThat(e.getMessage()).contains("prompt '" + prompt.id() + "'");
        }
    }
}
