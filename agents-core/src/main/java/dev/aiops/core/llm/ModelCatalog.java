package dev.aiops.core.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Known models: context window, output limit, tokenizer and price. The built-in {@code models.yaml} ships with the
 * library; users extend or override it with their own file of the same shape
 * ({@code ~/.config/aiops/models.yaml}). A model name matches its entry exactly or by the longest entry that is a
 * prefix of it, so {@code gpt-4o-mini-2024-07-18} finds {@code gpt-4o-mini}.
 */
public final class ModelCatalog {

    /** Used for a model the catalog does not know: a small window so budgets stay safe, and no price. */
    static final int UNKNOWN_CONTEXT_WINDOW = 8_192;

    private final Map<String, ModelInfo> models;

    private ModelCatalog(Map<String, ModelInfo> models) {
        this.models = Map.copyOf(models);
    }

    /** The built-in catalog. */
    public static ModelCatalog builtIn() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream("models.yaml")) {
            if (in == null) {
                throw new IllegalStateException("models.yaml is missing from the classpath");
            }
            return new ModelCatalog(parse(new YAMLMapper().readTree(in), "models.yaml (built in)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built-in catalog with the entries of {@code userFile} added or replacing, when the file exists. */
    public static ModelCatalog withUserFile(Path userFile) {
        ModelCatalog base = builtIn();
        if (userFile == null || !Files.isRegularFile(userFile)) {
            return base;
        }
        try {
            Map<String, ModelInfo> merged = new LinkedHashMap<>(base.models);
            merged.putAll(parse(new YAMLMapper().readTree(userFile.toFile()), userFile.toString()));
            return new ModelCatalog(merged);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException(userFile + ": not a readable model catalog: " + e.getMessage(), e);
        }
    }

    /** The catalog entry for {@code model}, or a conservative unknown entry (small window, no price). */
    public ModelInfo lookup(String model) {
        ModelInfo exact = models.get(model);
        if (exact != null) {
            return exact;
        }
        return models.values().stream()
                .filter(m -> model.startsWith(m.id()))
                .max(Comparator.comparingInt(m -> m.id().length()))
                .orElseGet(() -> new ModelInfo(model, "openai", UNKNOWN_CONTEXT_WINDOW, 2_048, "cl100k_base", 1.15,
                        0, 0, 0, false));
    }

    public Collection<ModelInfo> models() {
        return models.values();
    }

    private static Map<String, ModelInfo> parse(JsonNode root, String source) {
        JsonNode list = root.path("models");
        if (!list.isArray()) {
            throw new IllegalArgumentException(source + ": expected a 'models' list at the top");
        }
        Map<String, ModelInfo> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String at = source + " /models/" + i;
            String id = m.path("id").asString(null);
            if (id == null || id.isBlank()) {
                problems.add(at + "/id: missing");
                continue;
            }
            if (!m.path("contextWindow").canConvertToInt() || !m.path("maxOutputTokens").canConvertToInt()) {
                problems.add(at + " (" + id + "): contextWindow and maxOutputTokens must be integers");
                continue;
            }
            JsonNode price = m.path("price");
            try {
                out.put(id, new ModelInfo(id, m.path("provider").asString("openai"), m.get("contextWindow").asInt(),
                        m.get("maxOutputTokens").asInt(), m.path("tokenizer").asString("o200k_base"),
                        m.path("tokenizerMargin").asDouble(1.0), price.path("input").asDouble(0),
                        price.path("cachedInput").asDouble(price.path("input").asDouble(0)),
                        price.path("output").asDouble(0), true));
            } catch (IllegalArgumentException e) {
                problems.add(at + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return out;
    }
}
