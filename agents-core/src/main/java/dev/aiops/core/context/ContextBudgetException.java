package dev.aiops.core.context;

/**
 * A request that cannot fit the context budget even after pruning (for example a system prompt larger than 80% of
 * the window). It is refused locally; nothing is sent to the provider.
 */
public final class ContextBudgetException extends IllegalStateException {

    public ContextBudgetException(String message) {
        super(message);
    }
}
