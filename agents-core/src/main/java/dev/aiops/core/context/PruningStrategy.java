package dev.aiops.core.context;

/** How an agent's conversation is shortened when a request would pass the budget; chosen per agent. */
public enum PruningStrategy {
    /** Older tool results become head + tail with a {@code [trimmed N tokens]} marker; the last turns stay whole. */
    TOOL_OUTPUT_TRIMMING,
    /** The oldest turns are dropped, a tool call always with its results; system and pinned messages stay. */
    SLIDING_WINDOW,
    /** Old turns are replaced by a pinned model-written summary (originals archived); sliding window without a model. */
    SUMMARIZING;

    /** Parses {@code tool-output-trimming}, {@code sliding-window} or {@code summarizing} (any case, _ or -). */
    public static PruningStrategy parse(String text) {
        return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
