package dev.aiops.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A push-style langchain4j provider (it calls the handler from its own thread as fast as it can) behind the
 * gateway's pull-based stream.
 */
class LangChain4jStreamingTest {

    /** A provider that pushes {@code tokens} partial responses, a tool call and the completion. */
    static final class PushingProvider implements StreamingChatModel {
        final AtomicInteger pushed = new AtomicInteger();
        final int tokens;
        final CountDownLatch aborted = new CountDownLatch(1);
        volatile Throwable abortedWith;
        volatile Thread pusher;

        PushingProvider(int tokens) {
            this.tokens = tokens;
        }

        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            pusher = Thread.currentThread();
            try {
                for (int i = 0; i < tokens; i++) {
                    handler.onPartialResponse("t" + i + " ");
                    pushed.incrementAndGet();
                }
                handler.onCompleteToolCall(new CompleteToolCall(0, ToolExecutionRequest.builder().id("c1")
                        .name("diagnosis_run").arguments("{\"source\":{\"type\":\"demo\"}}").build()));
                handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("done"))
                        .finishReason(FinishReason.STOP).tokenUsage(new TokenUsage(11, tokens)).build());
            } catch (RuntimeException e) {
                abortedWith = e;
                aborted.countDown();
            }
        }
    }

    static LlmCall call() {
        return LlmCall.of("oncall", "s", PromptRef.NONE, List.of(UserMessage.from("hi")));
    }

    @Test
    void deliversEverythingInOrderWithTheProvidersUsage() throws Exception {
        PushingProvider provider = new PushingProvider(50);
        try (LlmGateway g = LlmGateway.builder(new ChatModel() { }, "llama3.1")
                .streaming(LangChain4jStreaming.of(provider, 8)).build()) {
            TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);
            g.stream(call()).subscribe(sub);

            assertThat(sub.await()).isTrue();
            assertThat(sub.error).isNull();
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 50; i++) expected.append('t').append(i).append(' ');
            assertThat(sub.text()).as("every token, once, in order").isEqualTo(expected.toString());
            assertThat(sub.events).filteredOn(e -> e instanceof StreamEvent.ToolCall).singleElement()
                    .isEqualTo(new StreamEvent.ToolCall(0, "c1", "diagnosis_run", "{\"source\":{\"type\":\"demo\"}}"));
            StreamEvent.Completed last = (StreamEvent.Completed) sub.events.get(sub.events.size() - 1);
            assertThat(last.usage().outputTokens()).isEqualTo(50);
            assertThat(last.usage().estimated()).isFalse();
        }
    }

    @Test
    void aSlowSubscriberBlocksThePushingProviderAndCancelStopsIt() throws Exception {
        PushingProvider provider = new PushingProvider(100_000);
        try (LlmGateway g = LlmGateway.builder(new ChatModel() { }, "llama3.1")
                .streaming(LangChain4jStreaming.of(provider, 16)).build()) {
            TestSubscriber sub = new TestSubscriber(0);
            g.stream(call()).subscribe(sub);

            sub.subscription.request(10);
            assertThat(sub.awaitEvents(10)).isTrue();
            // waiting for room in the queue (a wait for its lock would be WAITING)
            ThreadWatch.awaitParkedIn(() -> provider.pusher, Thread.State.TIMED_WAITING, ArrayBlockingQueue.class,
                    "offer");

            // the 10 taken, and a full queue: the capacity plus the two places kept for the completion and the end
            assertThat(provider.pushed.get()).as("pushed while the subscriber took 10").isEqualTo(10 + 16 + 2);
            assertThat(sub.events).hasSize(10);
            sub.subscription.cancel();
            assertThat(provider.aborted.await(20, TimeUnit.SECONDS)).as("the provider gave up").isTrue();
            assertThat(provider.abortedWith).isInstanceOf(CancellationException.class);
            assertThat(provider.pushed.get()).as("a close clears the queue, which takes pushes until full again")
                    .isLessThan(100);
            assertThat(sub.error).isNull();
        }
    }
}
