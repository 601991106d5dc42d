package dev.aiops.core.llm;

/**
 * Tokens one call used, and what they cost.
 *
 * @param inputTokens       prompt tokens, cached ones included
 * @param cachedInputTokens prompt tokens the provider read from its cache
 * @param outputTokens      completion tokens, reasoning included
 * @param reasoningTokens   completion tokens spent on hidden reasoning
 * @param estimated         true when the provider reported no usage and the counts come from jtokkit
 * @param costUsd           from the model catalog's prices; 0 for a model without a price
 */
public record Usage(long inputTokens, long cachedInputTokens, long outputTokens, long reasoningTokens,
                    boolean estimated, double costUsd) {

    public static final Usage NONE = new Usage(0, 0, 0, 0, false, 0);

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** Usage as the provider reported it, priced from the catalog. */
    static Usage of(ModelInfo model, long input, long cached, long output, long reasoning, boolean estimated) {
        return new Usage(input, cached, output, reasoning, estimated, model.cost(input, cached, output));
    }

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, cachedInputTokens + other.cachedInputTokens,
                outputTokens + other.outputTokens, reasoningTokens + other.reasoningTokens,
                estimated || other.estimated, costUsd + other.costUsd);
    }
}
