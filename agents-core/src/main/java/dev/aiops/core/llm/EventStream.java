package dev.aiops.core.llm;

/**
 * A pull-based model response: {@link #next()} reads from the connection only when asked, so a consumer that stops
 * asking stops the reading, and the provider's sends block on a full TCP window instead of filling our memory.
 */
public interface EventStream extends AutoCloseable {

    /**
     * Blocks for the next event.
     *
     * @return the next event, or {@code null} after the last one
     * @throws RuntimeException when the connection fails or the stream ends before the model finished
     */
    StreamEvent next();

    /** Closes the HTTP stream; safe to call more than once and from another thread. */
    @Override
    void close();
}
