package dev.aiops.core.llm;

/** An LLM feature was asked for and no model is configured; the message says how to configure one. */
public final class LlmNotConfiguredException extends IllegalStateException {

    public LlmNotConfiguredException(String message) {
        super(message);
    }
}
