package dev.aiops.core.llm;

import dev.langchain4j.model.output.FinishReason;

/** One item of a streamed model response, in the order the model produced it. */
public sealed interface StreamEvent {

    /** A piece of the answer's text. */
    record TextDelta(String text) implements StreamEvent {
    }

    /** A tool call, assembled from all its partial deltas; {@code arguments} is the raw JSON text. */
    record ToolCall(int index, String id, String name, String arguments) implements StreamEvent {
    }

    /** The last event: why the model stopped and what the call used (usage may be estimated). */
    record Completed(FinishReason finishReason, Usage usage) implements StreamEvent {
    }
}
