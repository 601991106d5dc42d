package dev.aiops.core.context;

import java.util.Objects;

/**
 * A piece of context a {@link ContextProvider} contributes: a diagnosis report, a runbook, an MCP resource, cluster
 * facts. Higher {@code priority} is kept first when the budget is short; {@code maxTokens} caps the block (a longer
 * text is cut to head and tail with a marker).
 *
 * @param source   where it comes from ({@code diagnosis}, {@code mcp:server/uri}, ...)
 * @param title    one line saying what it is
 * @param text     the content, already redacted
 * @param priority larger is more important
 * @param maxTokens the most tokens this block may take
 */
public record ContextBlock(String source, String title, String text, int priority, int maxTokens) {

    public ContextBlock {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
    }
}
