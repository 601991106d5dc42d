package dev.aiops.core.context;

/** The framing costs {@link dev.aiops.core.llm.TokenCounter} adds, as the assembler needs them. */
final class TokenCounterFacts {

    static final int PRIMING = dev.aiops.core.llm.TokenCounter.REPLY_PRIMING;
    static final int PER_MESSAGE = dev.aiops.core.llm.TokenCounter.PER_MESSAGE;

    private TokenCounterFacts() {
    }
}
