package dev.aiops.core.context;

import dev.aiops.core.llm.ModelInfo;

/**
 * The hard invariant of every model request: prompt tokens + reserved output tokens &lt;= 80% of the model's
 * context window. Pruning starts when a request would pass that line and brings the prompt down to 60%, so it does
 * not run again on the next turn (hysteresis).
 *
 * @param contextWindow  the model's window from the catalog
 * @param reservedOutput tokens kept free for the answer
 */
public record ContextBudget(int contextWindow, int reservedOutput) {

    public static final double HIGH_WATER = 0.80;
    public static final double LOW_WATER = 0.60;
    /** Reserved for the answer when a call sets no limit: 4,096 tokens or the model's maximum, the smaller. */
    public static final int DEFAULT_RESERVED_OUTPUT = 4_096;

    public ContextBudget {
        if (contextWindow <= 0 || reservedOutput < 0) {
            throw new IllegalArgumentException("invalid budget: window " + contextWindow + ", reserved "
                    + reservedOutput);
        }
    }

    /** The budget for {@code model} with {@code maxOutputTokens} reserved (null for the default). */
    public static ContextBudget of(ModelInfo model, Integer maxOutputTokens) {
        int reserved = maxOutputTokens != null ? maxOutputTokens
                : Math.min(DEFAULT_RESERVED_OUTPUT, model.maxOutputTokens());
        return new ContextBudget(model.contextWindow(), reserved);
    }

    /** The most prompt tokens a request may have. */
    public int promptLimit() {
        return (int) Math.floor(contextWindow * HIGH_WATER) - reservedOutput;
    }

    /** What pruning aims for once triggered. */
    public int pruneTarget() {
        return Math.max(0, (int) Math.floor(contextWindow * LOW_WATER) - reservedOutput);
    }

    /** True when a prompt of {@code promptTokens} satisfies the invariant. */
    public boolean fits(int promptTokens) {
        return promptTokens <= promptLimit();
    }
}
