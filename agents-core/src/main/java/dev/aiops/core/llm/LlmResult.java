package dev.aiops.core.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.Optional;

/**
 * A model's answer through the gateway.
 *
 * @param message      the answer: text, tool calls, or both
 * @param finishReason why the model stopped; {@code CONTENT_FILTER} for a refusal
 * @param usage        tokens and cost, estimated when the provider reported none
 * @param attempts     1, or more when the gateway retried
 * @param latency      from the first attempt to the answer
 */
public record LlmResult(AiMessage message, FinishReason finishReason, Usage usage, int attempts, Duration latency) {

    /** True when the provider's filter or the model refused to answer. */
    public boolean refused() {
        return finishReason == FinishReason.CONTENT_FILTER;
    }

    /** The model's refusal, when it gave one in words. */
    public Optional<String> refusal() {
        Object r = message.attributes().get(OpenAiOfficialModel.REFUSAL_ATTRIBUTE);
        return Optional.ofNullable(r).map(Object::toString);
    }
}
