package dev.aiops.composite.oncall;

/** Sees a turn as it happens: the answer's text as it is written, and each tool call the model makes. */
public interface TurnListener {

    TurnListener NONE = new TurnListener() {
    };

    /** Text of the answer, in order; model answers arrive a checked line at a time. */
    default void text(String text) {
    }

    /** A tool the model called, with the status of its result ({@code ok}, {@code error}, {@code refused}...). */
    default void toolCall(String tool, String arguments, String status) {
    }
}
