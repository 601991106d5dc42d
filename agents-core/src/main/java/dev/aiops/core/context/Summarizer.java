package dev.aiops.core.context;

import dev.langchain4j.data.message.ChatMessage;
import java.util.List;

/** Writes a summary of conversation turns for {@link PruningStrategy#SUMMARIZING}. */
@FunctionalInterface
public interface Summarizer {

    /**
     * @param turns    the messages to replace, oldest first
     * @param maxWords the most words the summary may use
     * @return the summary text
     */
    String summarize(List<ChatMessage> turns, int maxWords);
}
