package dev.aiops.core.llm;

/** An agent loop that ended without an answer: too many steps, too many tokens, or tool calls beyond repair. */
public final class ToolLoopException extends RuntimeException {

    private final Usage usage;
    private final int steps;

    ToolLoopException(String message, int steps, Usage usage) {
        super(message);
        this.steps = steps;
        this.usage = usage;
    }

    public int steps() {
        return steps;
    }

    /** Tokens and cost spent before the loop gave up. */
    public Usage usage() {
        return usage;
    }
}
