package dev.aiops.core.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Any langchain4j {@link StreamingChatModel} as a {@link StreamingSource}. Such models push: they call a handler
 * from their own thread as data arrives. The bridge puts each callback into a queue of {@code capacity} events and
 * blocks the provider's thread while the queue is full, which for the HTTP clients langchain4j providers use stops
 * the reading of the response; closing the stream makes the blocked callback fail so the provider gives up.
 */
public final class LangChain4jStreaming implements StreamingSource {

    private static final Object END = new Object();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final StreamingChatModel model;
    private final int capacity;

    private LangChain4jStreaming(StreamingChatModel model, int capacity) {
        this.model = model;
        this.capacity = capacity;
    }

    /** A source over {@code model} holding at most {@code capacity} undelivered events. */
    public static LangChain4jStreaming of(StreamingChatModel model, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        return new LangChain4jStreaming(model, capacity);
    }

    @Override
    public EventStream open(ChatRequest request) {
        Bridge bridge = new Bridge(capacity);
        // a separate thread: some models call the handler on the caller's thread before chat() returns
        Thread t = new Thread(() -> {
            try {
                model.chat(request, bridge);
            } catch (RuntimeException e) {
                bridge.onError(e);
            }
        }, "aiops-llm-push-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        t.start();
        return bridge;
    }

    private static final class Bridge implements StreamingChatResponseHandler, EventStream {
        private final BlockingQueue<Object> queue;
        private volatile boolean closed;
        private boolean ended;

        Bridge(int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity + 2);
        }

        private void put(Object item) {
            try {
                while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                    if (closed) {
                        throw new CancellationException("the stream was closed by its consumer");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
        }

        @Override
        public void onPartialResponse(String text) {
            if (text != null && !text.isEmpty()) {
                put(new StreamEvent.TextDelta(text));
            }
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall call) {
            ToolExecutionRequest r = call.toolExecutionRequest();
            put(new StreamEvent.ToolCall(call.index(), r.id(), r.name(), r.arguments()));
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            TokenUsage u = response.tokenUsage();
            Usage usage = u == null || u.inputTokenCount() == null || u.outputTokenCount() == null ? null
                    : new Usage(u.inputTokenCount(), u instanceof ProviderUsage p ? p.cachedInputTokens() : 0,
                    u.outputTokenCount(), u instanceof ProviderUsage p ? p.reasoningTokens() : 0, false, 0);
            put(new StreamEvent.Completed(response.finishReason(), usage));
            put(END);
        }

        @Override
        public void onError(Throwable error) {
            if (!closed) {
                queue.clear();
                put(error);
            }
        }

        @Override
        public StreamEvent next() {
            if (ended) {
                return null;
            }
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
            if (item == END) {
                ended = true;
                return null;
            }
            if (item instanceof RuntimeException e) {
                throw e;
            }
            if (item instanceof Throwable t) {
                throw new IllegalStateException(t.getMessage(), t);
            }
            return (StreamEvent) item;
        }

        @Override
        public void close() {
            closed = true;
            queue.clear();
        }
    }
}
