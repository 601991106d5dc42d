package dev.aiops.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theEnvironmentWinsOverTheConfigFileAndOpenAiKeyIsTheFallback() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "llm:\n  baseUrl: http://file:1/v1\n  apiKey: file-key\n  model: gpt-4o\n  timeout: 30s\n");

        LlmSettings s = LlmSettings.resolve(Map.of("OPENAI_API_KEY", "env-key", "AIOPS_LLM_MODEL", "gpt-4o-mini"), file)
                .orElseThrow();

        assertThat(s.apiKey()).isEqualTo("env-key");
        assertThat(s.model()).isEqualTo("gpt-4o-mini");
        assertThat(s.baseUrl()).isEqualTo("http://file:1/v1");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(LlmSettings.resolve(Map.of("AIOPS_LLM_API_KEY", "a", "OPENAI_API_KEY", "b",
                "AIOPS_LLM_MODEL", "m"), null).orElseThrow().apiKey()).isEqualTo("a");
    }

    @Test
    void aLocalEndpointNeedsNoKeyAndTheDefaultUrlIsOpenAi() {
        assertThat(LlmSettings.resolve(Map.of("AIOPS_LLM_BASE_URL", "http://localhost:11434/v1",
                "AIOPS_LLM_MODEL", "llama3.1"), null).orElseThrow().apiKey()).isEmpty();
        assertThat(LlmSettings.resolve(Map.of("OPENAI_API_KEY", "k", "AIOPS_LLM_MODEL", "gpt-4o"), null)
                .orElseThrow().baseUrl()).isEqualTo(LlmSettings.DEFAULT_BASE_URL);
    }

    @Test
    void nothingConfiguredFailsWithOneSentenceOnHowToConfigure() {
        assertThat(LlmSettings.resolve(Map.of("OPENAI_API_KEY", "k"), dir.resolve("missing.yaml"))).isEmpty();
        assertThatThrownBy(() -> LlmSettings.require(Map.of(), null)).isInstanceOf(LlmNotConfiguredException.class)
                .hasMessage(LlmSettings.HOW_TO_CONFIGURE).hasMessageContaining("AIOPS_LLM_MODEL");
    }

    @Test
    void theKeyIsNeverPrinted() {
        LlmSettings s = new LlmSettings("https://api.openai.com/v1", "sk-very-secret", "gpt-4o", Duration.ofSeconds(5));
        assertThat(s.toString()).doesNotContain("sk-very-secret").contains("****");
    }

    @Test
    void aBrokenConfigFileIsNamed() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "llm: [unclosed\n");
        assertThatThrownBy(() -> LlmSettings.resolve(Map.of(), file)).hasMessageContaining(file.toString());
        Files.writeString(file, "llm:\n  model: m\n  apiKey: k\n  timeout: soon\n");
        assertThatThrownBy(() -> LlmSettings.resolve(Map.of(), file)).hasMessageContaining("timeout 'soon'");
    }

    @Test
    void defaultFilesFollowXdg() {
        assertThat(LlmSettings.defaultConfigFile(Map.of("XDG_CONFIG_HOME", "/x"))).isEqualTo(Path.of("/x/aiops/config.yaml"));
        assertThat(LlmSettings.defaultConfigFile(Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.config/aiops/config.yaml"));
        assertThat(UsageLog.defaultFile(Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.local/state/aiops/usage.jsonl"));
    }
}
