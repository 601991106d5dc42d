package dev.aiops.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptRegistryTest {

    @TempDir
    Path dir;

    static final String GOOD = """
            ---
            id: test.greet
            version: 1.2.3
            description: Greets.
            model: { family: gpt-4o-mini, maxOutputTokens: 100 }
            temperature: 0.5
            variables:
              name: { type: string, description: who }
              count: { type: integer, required: false }
              items: { type: list, required: false }
            ---
            Hello {{name}} x{{ count }}
            {{items}}
            """;

    Prompt good() throws Exception {
        Files.writeString(dir.resolve("greet.md"), GOOD);
        return PromptRegistry.fromDirectory(dir).get("test.greet");
    }

    @Test
    void loadsFrontMatterAndRendersTypedValues() throws Exception {
        Prompt p = good();

        assertThat(p.version().toString()).isEqualTo("1.2.3");
        assertThat(p.temperature()).isEqualTo(0.5);
        assertThat(p.modelHints()).containsEntry("family", "gpt-4o-mini").containsEntry("maxOutputTokens", 100);
        assertThat(p.ref().hash()).isEqualTo(PromptRegistry.hash(GOOD)).hasSize(64);
        Prompt.Rendered r = p.render(Map.of("name", "Ana", "count", 3, "items", List.of("a", "b")));
        assertThat(r.text()).isEqualTo("Hello Ana x3\n- a\n- b\n");
        assertThat(r.ref().id()).isEqualTo("test.greet");
        assertThat(p.render(Map.of("name", "Bo")).text()).isEqualTo("Hello Bo x\n\n");
    }

    @Test
    void renderingRefusesMissingUnknownAndWronglyTypedValues() throws Exception {
        Prompt p = good();

        assertThatThrownBy(() -> p.render(Map.of())).isInstanceOf(PromptException.class)
                .hasMessageContaining("prompt 'test.greet' 1.2.3").hasMessageContaining("missing required variable 'name'");
        assertThatThrownBy(() -> p.render(Map.of("name", "a", "nmae", "b")))
                .hasMessageContaining("unknown variable 'nmae'");
        assertThatThrownBy(() -> p.render(Map.of("name", "a", "count", "three")))
                .hasMessageContaining("variable 'count' must be integer, got String");
    }

    @Test
    void aBrokenFileIsReportedWithItsNameAndField() throws Exception {
        Files.writeString(dir.resolve("a.md"), """
                ---
                id: Bad Id
                version: one
                variables:
                  used: { type: string }
                  unused: { type: string }
                  odd: { type: date }
                ---
                {{used}} {{undeclared}}
                """);
        Files.writeString(dir.resolve("b.md"), "no front matter\n");
        Files.writeString(dir.resolve("README.md"), "# not a prompt\n");

        assertThatThrownBy(() -> PromptRegistry.fromDirectory(dir)).isInstanceOf(PromptException.class)
                .hasMessageContaining("a.md: /id 'Bad Id'")
                .hasMessageContaining("a.md: /version 'one' is not a semantic version")
                .hasMessageContaining("a.md: /description is missing")
                .hasMessageContaining("a.md: /variables/odd/type 'date'")
                .hasMessageContaining("a.md: the body uses {{undeclared}}")
                .hasMessageContaining("a.md: /variables/unused is declared but the body never uses it")
                .hasMessageContaining("b.md: must start with YAML front matter")
                .hasMessageNotContaining("README.md");
    }

    @Test
    void twoFilesWithOneIdAreRefused() throws Exception {
        Files.writeString(dir.resolve("one.md"), GOOD);
        Files.writeString(dir.resolve("two.md"), GOOD);
        assertThatThrownBy(() -> PromptRegistry.fromDirectory(dir))
                .hasMessageContaining("two.md: id 'test.greet' is also used by one.md");
    }

    @Test
    void hashesIgnoreLineEndings() {
        assertThat(PromptRegistry.hash("a\r\nb\n")).isEqualTo(PromptRegistry.hash("a\nb\n"));
        assertThat(PromptRegistry.hash("a\nb\n")).isNotEqualTo(PromptRegistry.hash("a\nc\n"));
    }

    @Test
    void thePackagedPromptsLoadFromTheClasspath() {
        PromptRegistry r = PromptRegistry.fromClasspath();
        assertThat(r.all()).extracting(Prompt::id)
                .contains("oncall.system", "diagnosis.explain", "conversation.summarize", "postmortem.draft");
        assertThatThrownBy(() -> r.get("nope")).hasMessageContaining("no prompt 'nope'; there are: ");
    }
}
