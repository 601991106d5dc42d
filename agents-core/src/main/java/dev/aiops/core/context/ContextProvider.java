package dev.aiops.core.context;

import java.util.List;

/**
 * The one way context is injected into model requests. Providers (MCP resources, diagnosis reports, runbooks,
 * cluster facts) return blocks for the question at hand; the {@link ContextAssembler} caps, orders and places them
 * in a fixed section of the prompt, so requests stay cache-friendly and within budget.
 */
@FunctionalInterface
public interface ContextProvider {

    /** Blocks relevant to {@code query} (the latest user message); empty when there is nothing to add. */
    List<ContextBlock> provide(String query);
}
