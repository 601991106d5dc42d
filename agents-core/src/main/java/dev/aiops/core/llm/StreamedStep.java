package dev.aiops.core.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;

/** One model call of a streamed tool loop: events are pulled one at a time and folded into one answer. */
final class StreamedStep implements Flow.Subscriber<StreamEvent> {

    private final ToolLoop.Listener listener;
    private final CountDownLatch done = new CountDownLatch(1);
    private final StringBuilder text = new StringBuilder();
    private final List<ToolExecutionRequest> toolCalls = new ArrayList<>();
    private volatile Flow.Subscription subscription;
    private volatile StreamEvent.Completed completed;
    private volatile Throwable failure;

    private StreamedStep(ToolLoop.Listener listener) {
        this.listener = listener;
    }

    static LlmResult run(LlmGateway gateway, LlmCall call, ToolLoop.Listener listener, Cancellation cancel) {
        if (cancel.cancelled()) {
            throw new CancellationException("the answer was cancelled");
        }
        long start = System.nanoTime();
        StreamedStep step = new StreamedStep(listener);
        gateway.stream(call).subscribe(step);
        cancel.onCancel(step::cancel);
        try {
            step.done.await();
        } catch (InterruptedException e) {
            step.cancel();
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while the model was answering");
        }
        if (cancel.cancelled()) {
            throw new CancellationException("the answer was cancelled");
        }
        if (step.failure != null) {
            throw step.failure instanceof RuntimeException r ? r
                    : new LlmCallException(String.valueOf(step.failure.getMessage()), "stream", 1, step.failure);
        }
        AiMessage.Builder message = AiMessage.builder();
        if (!step.text.isEmpty()) {
            message.text(step.text.toString());
        }
        if (!step.toolCalls.isEmpty()) {
            message.toolExecutionRequests(step.toolCalls);
        }
        StreamEvent.Completed c = step.completed;
        return new LlmResult(message.build(), c == null ? FinishReason.OTHER : c.finishReason(),
                c == null ? Usage.NONE : c.usage(), 1, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The waiting loop goes on at once; closing the HTTP stream may take a moment and must not hold it up. */
    private void cancel() {
        done.countDown();
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(StreamEvent event) {
        if (done.getCount() == 0) {
            return;
        }
        if (event instanceof StreamEvent.TextDelta t) {
            text.append(t.text());
            listener.text(t.text());
        } else if (event instanceof StreamEvent.ToolCall t) {
            toolCalls.add(ToolExecutionRequest.builder().id(t.id()).name(t.name()).arguments(t.arguments()).build());
        } else if (event instanceof StreamEvent.Completed c) {
            completed = c;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
        done.countDown();
    }

    @Override
    public void onComplete() {
        done.countDown();
    }
}
