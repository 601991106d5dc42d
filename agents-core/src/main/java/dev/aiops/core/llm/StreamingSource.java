package dev.aiops.core.llm;

import dev.langchain4j.model.chat.request.ChatRequest;

/** Opens streamed responses for the gateway. */
@FunctionalInterface
public interface StreamingSource {

    /** Sends the request and returns the response as it arrives; usage in the final event may be null. */
    EventStream open(ChatRequest request);
}
