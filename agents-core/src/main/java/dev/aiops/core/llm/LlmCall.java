package dev.aiops.core.llm;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import java.util.List;
import java.util.Objects;

/**
 * One request to the model, with who asks and from which prompt.
 *
 * @param agent           the agent making the call (usage totals and spans are kept per agent)
 * @param session         the conversation or task the call belongs to
 * @param prompt          the prompt the messages were rendered from
 * @param messages        the conversation so far
 * @param tools           tool definitions the model may call (usually {@link StrictTool#toolSpecification()})
 * @param maxOutputTokens cap on the answer, or null for the model's default
 * @param temperature     sampling temperature, or null for the provider's default
 */
public record LlmCall(String agent, String session, PromptRef prompt, List<ChatMessage> messages,
                      List<ToolSpecification> tools, Integer maxOutputTokens, Double temperature) {

    public LlmCall {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(prompt, "prompt");
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a call needs at least one message");
        }
    }

    /** A call without tools and with the provider's defaults. */
    public static LlmCall of(String agent, String session, PromptRef prompt, List<ChatMessage> messages) {
        return new LlmCall(agent, session, prompt, messages, List.of(), null, null);
    }

    public LlmCall withMessages(List<ChatMessage> newMessages) {
        return new LlmCall(agent, session, prompt, newMessages, tools, maxOutputTokens, temperature);
    }

    public LlmCall withTools(List<ToolSpecification> newTools) {
        return new LlmCall(agent, session, prompt, messages, newTools, maxOutputTokens, temperature);
    }

    public LlmCall withMaxOutputTokens(Integer max) {
        return new LlmCall(agent, session, prompt, messages, tools, max, temperature);
    }
}
