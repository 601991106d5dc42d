package dev.aiops.core.llm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Where the model is and how to reach it. Read from the environment ({@code AIOPS_LLM_BASE_URL},
 * {@code AIOPS_LLM_API_KEY} falling back to {@code OPENAI_API_KEY}, {@code AIOPS_LLM_MODEL},
 * {@code AIOPS_LLM_TIMEOUT}) over the {@code llm:} section of {@code ~/.config/aiops/config.yaml}. The API key is
 * never printed: {@link #toString()} masks it.
 *
 * @param baseUrl the OpenAI-compatible endpoint ({@code https://api.openai.com/v1} when unset; Azure OpenAI,
 *                Ollama's {@code http://localhost:11434/v1} and vLLM work the same way)
 * @param apiKey  the key, or empty for endpoints that need none (Ollama, vLLM)
 * @param model   the model name sent with each request
 * @param timeout the per-call timeout
 */
public record LlmSettings(String baseUrl, String apiKey, String model, Duration timeout) {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** The one sentence every LLM feature prints when nothing is configured. */
    public static final String HOW_TO_CONFIGURE = "No language model is configured: set AIOPS_LLM_MODEL and"
            + " AIOPS_LLM_API_KEY (or OPENAI_API_KEY), plus AIOPS_LLM_BASE_URL for a non-OpenAI endpoint such as"
            + " Ollama, or put baseUrl, apiKey and model under 'llm:' in ~/.config/aiops/config.yaml.";

    /** The default config file: {@code $XDG_CONFIG_HOME/aiops/config.yaml} or {@code ~/.config/aiops/config.yaml}. */
    public static Path defaultConfigFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("aiops").resolve("config.yaml");
    }

    /**
     * The settings from {@code env} over {@code configFile}, or empty when no model is configured: a model name is
     * needed, and either a key or a base URL of one's own.
     *
     * @throws IllegalArgumentException naming the file and field when the config file is unreadable or wrong
     */
    public static Optional<LlmSettings> resolve(Map<String, String> env, Path configFile) {
        JsonNode file = readLlmSection(configFile);
        String baseUrl = first(env.get("AIOPS_LLM_BASE_URL"), text(file, "baseUrl"));
        String apiKey = first(env.get("AIOPS_LLM_API_KEY"), env.get("OPENAI_API_KEY"), text(file, "apiKey"));
        String model = first(env.get("AIOPS_LLM_MODEL"), text(file, "model"));
        String timeoutText = first(env.get("AIOPS_LLM_TIMEOUT"), text(file, "timeout"));
        if (model == null || (apiKey == null && baseUrl == null)) {
            return Optional.empty();
        }
        Duration timeout = DEFAULT_TIMEOUT;
        if (timeoutText != null) {
            try {
                timeout = dev.aiops.core.contract.Durations.parse(timeoutText);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("llm timeout '" + timeoutText + "': " + e.getMessage(), e);
            }
        }
        return Optional.of(new LlmSettings(baseUrl == null ? DEFAULT_BASE_URL : baseUrl,
                apiKey == null ? "" : apiKey, model, timeout));
    }

    /** Like {@link #resolve} but fails with {@link #HOW_TO_CONFIGURE} when nothing is configured. */
    public static LlmSettings require(Map<String, String> env, Path configFile) {
        return resolve(env, configFile).orElseThrow(() -> new LlmNotConfiguredException(HOW_TO_CONFIGURE));
    }

    @Override
    public String toString() {
        return "LlmSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isEmpty() ? "(none)" : "****")
                + ", model=" + model + ", timeout=" + timeout + "]";
    }

    private static JsonNode readLlmSection(Path configFile) {
        if (configFile == null || !Files.isRegularFile(configFile)) {
            return null;
        }
        try {
            JsonNode root = new YAMLMapper().readTree(configFile.toFile());
            JsonNode llm = root == null ? null : root.get("llm");
            if (llm != null && !llm.isObject()) {
                throw new IllegalArgumentException(configFile + ": 'llm' must be a mapping");
            }
            return llm;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(configFile + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode section, String field) {
        if (section == null || !section.hasNonNull(field)) {
            return null;
        }
        return section.get(field).asString();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
