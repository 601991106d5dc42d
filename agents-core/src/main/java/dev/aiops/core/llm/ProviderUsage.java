package dev.aiops.core.llm;

import dev.langchain4j.model.output.TokenUsage;

/** langchain4j's token usage with the details OpenAI-compatible providers report: cached input and reasoning. */
public final class ProviderUsage extends TokenUsage {

    private final int cachedInputTokens;
    private final int reasoningTokens;

    public ProviderUsage(int input, int output, int cachedInputTokens, int reasoningTokens) {
        super(input, output);
        this.cachedInputTokens = cachedInputTokens;
        this.reasoningTokens = reasoningTokens;
    }

    public int cachedInputTokens() {
        return cachedInputTokens;
    }

    public int reasoningTokens() {
        return reasoningTokens;
    }
}
