package dev.aiops.core.llm;

import java.util.Objects;

/**
 * What the gateway needs to know about a model: its limits, its tokenizer and its price.
 *
 * @param id                    the model name as the provider knows it, or a prefix of it
 * @param provider              {@code openai}, {@code azure}, {@code ollama}, ... (the {@code gen_ai.provider.name})
 * @param contextWindow         tokens the model reads and writes in one request
 * @param maxOutputTokens       the most tokens the model writes in one response
 * @param tokenizer             the jtokkit encoding that counts its tokens ({@code o200k_base}, {@code cl100k_base})
 * @param tokenizerMargin       a factor over the jtokkit count for models whose tokenizer differs (1.0 when exact)
 * @param inputPerMillion       USD per 1M input tokens
 * @param cachedInputPerMillion USD per 1M input tokens read from the provider's prompt cache
 * @param outputPerMillion      USD per 1M output tokens (reasoning tokens are billed as output)
 * @param known                 false for the conservative stand-in used when a model is not in the catalog
 */
public record ModelInfo(String id, String provider, int contextWindow, int maxOutputTokens, String tokenizer,
                        double tokenizerMargin, double inputPerMillion, double cachedInputPerMillion,
                        double outputPerMillion, boolean known) {

    public ModelInfo {
        Objects.requireNonNull(id, "id");
        if (contextWindow <= 0 || maxOutputTokens <= 0 || maxOutputTokens > contextWindow) {
            throw new IllegalArgumentException("model '" + id + "': need 0 < maxOutputTokens <= contextWindow");
        }
        if (tokenizerMargin < 1.0) {
            throw new IllegalArgumentException("model '" + id + "': tokenizerMargin must be at least 1.0");
        }
    }

    /** The cost in USD of a call with this usage. Cached input tokens are part of {@code inputTokens}. */
    public double cost(long inputTokens, long cachedInputTokens, long outputTokens) {
        long uncached = Math.max(0, inputTokens - cachedInputTokens);
        return (uncached * inputPerMillion + cachedInputTokens * cachedInputPerMillion
                + outputTokens * outputPerMillion) / 1_000_000.0;
    }
}
