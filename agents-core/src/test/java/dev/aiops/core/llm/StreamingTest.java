package dev.aiops.core.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.output.FinishReason;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamed chat completions over SSE: order, assembly, failures, and demand-driven reading. */
class StreamingTest {

    static final String PATH = "/v1/chat/completions";

    @TempDir
    Path dir;
    WireMockServer wm;
    LlmGateway gateway;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        wm.stop();
    }

    LlmGateway gateway(String baseUrl) {
        LlmSettings s = new LlmSettings(baseUrl, "sk-test", "gpt-4o-mini", Duration.ofSeconds(5));
        gateway = LlmGateway.openAi(s).usageLog(UsageLog.appendingTo(dir.resolve("usage.jsonl")))
                .resilience(LlmResilience.DEFAULT.withBackoff(Duration.ofMillis(10), Duration.ofMillis(50))).build();
        return gateway;
    }

    LlmGateway gateway() {
        return gateway("http://127.0.0.1:" + wm.port() + "/v1");
    }

    UsageLog.Contents usageLog() {
        gateway.usage().flush();
        return UsageLog.read(dir.resolve("usage.jsonl"), Instant.EPOCH);
    }

    static LlmCall call() {
        return LlmCall.of("oncall", "s-1", PromptRef.NONE, List.of(UserMessage.from("status?")));
    }

    void stubSse(String body) {
        wm.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody(body)));
    }

    @Test
    void textArrivesInOrderAndTheStreamCompletesWithTheProvidersUsage() throws Exception {
        stubSse(OpenAiWire.sse(OpenAiWire.words(20)));
        TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);

        gateway().stream(call()).subscribe(sub);

        assertThat(sub.await()).isTrue();
        assertThat(sub.error).isNull();
        assertThat(sub.completed).isTrue();
        assertThat(sub.text()).isEqualTo(String.join("", OpenAiWire.words(20)));
        StreamEvent.Completed last = (StreamEvent.Completed) sub.events.get(sub.events.size() - 1);
        assertThat(last.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(last.usage().inputTokens()).isEqualTo(42);
        assertThat(last.usage().outputTokens()).isEqualTo(20);
        assertThat(last.usage().estimated()).isFalse();
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
        UsageRecord rec = usageLog().records().get(0);
        assertThat(rec.streamed()).isTrue();
        assertThat(rec.usage().outputTokens()).isEqualTo(20);
    }

    @Test
    void partialToolCallDeltasAreAssembledPerIndex() throws Exception {
        String body = OpenAiWire.chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
                + "\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"k8s_logs_tail\",\"arguments\":\"\"}}]}",
                null)
                + OpenAiWire.chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"namesp\"}}]}", null)
                + OpenAiWire.chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
                + "\"function\":{\"name\":\"diagnosis_run\",\"arguments\":\"{\\\"source\\\":\"}}]}", null)
                + OpenAiWire.chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ace\\\":\\\"prod\\\"}\"}}]}",
                null)
                + OpenAiWire.chunk("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"type\\\":\\\"demo\\\"}}\"}}]}",
                null)
                + OpenAiWire.chunk("{}", "tool_calls") + "data: [DONE]\n\n";
        stubSse(body);
        TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);

        gateway().stream(call()).subscribe(sub);

        assertThat(sub.await()).isTrue();
        assertThat(sub.error).isNull();
        assertThat(sub.events).filteredOn(e -> e instanceof StreamEvent.ToolCall).containsExactly(
                new StreamEvent.ToolCall(0, "call_a", "k8s_logs_tail", "{\"namespace\":\"prod\"}"),
                new StreamEvent.ToolCall(1, "call_b", "diagnosis_run", "{\"source\":{\"type\":\"demo\"}}"));
        StreamEvent.Completed last = (StreamEvent.Completed) sub.events.get(sub.events.size() - 1);
        assertThat(last.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(last.usage().estimated()).as("no usage chunk was sent").isTrue();
    }

    @Test
    void aStreamCutOffBeforeTheModelFinishedEndsInAnError() throws Exception {
        stubSse(OpenAiWire.text("The cause is ") + OpenAiWire.text("the Secret"));
        TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);

        gateway().stream(call()).subscribe(sub);

        assertThat(sub.await()).isTrue();
        assertThat(sub.completed).isFalse();
        assertThat(sub.text()).isEqualTo("The cause is the Secret");
        assertThat(sub.error).isInstanceOf(LlmCallException.class);
        assertThat(((LlmCallException) sub.error).errorType()).isEqualTo("truncated_stream");
        assertThat(usageLog().records().get(0).error())
                .isEqualTo("truncated_stream");
    }

    @Test
    void aRateLimitBeforeTheFirstEventIsRetried() throws Exception {
        wm.stubFor(post(PATH).inScenario("s").whenScenarioStateIs(STARTED).willSetStateTo("ok")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")));
        wm.stubFor(post(PATH).inScenario("s").whenScenarioStateIs("ok").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(OpenAiWire.sse(OpenAiWire.words(3)))));
        TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);

        gateway().stream(call()).subscribe(sub);

        assertThat(sub.await()).isTrue();
        assertThat(sub.completed).isTrue();
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
        assertThat(usageLog().records().get(0).attempts()).isEqualTo(2);
    }

    @Test
    void aConnectionResetMidStreamEndsInAnErrorAfterTheEventsAlreadySent() throws Exception {
        TestSubscriber sub = new TestSubscriber(Long.MAX_VALUE);
        try (RawSseServer server = new RawSseServer((out, socket, written) -> {
            RawSseServer.send(out, written, OpenAiWire.text("first ") + OpenAiWire.text("second "));
            try {
                sub.awaitEvents(2); // both events reached the subscriber before the reset
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socket.setSoLinger(true, 0); // close with RST
            socket.close();
        })) {
            gateway(server.baseUrl()).stream(call()).subscribe(sub);

            assertThat(sub.await()).isTrue();
            assertThat(sub.text()).isEqualTo("first second ");
            assertThat(sub.error).isInstanceOf(LlmCallException.class);
            assertThat(((LlmCallException) sub.error).errorType()).isIn("connection", "truncated_stream");
        }
    }

    @Test
    void theStreamIsReadOnlyAsFarAsTheSubscriberAskedAndCancelClosesTheConnection() throws Exception {
        // the server writes numbered events as fast as the client takes them, far more than socket buffers hold
        long total = 64L * 1024 * 1024;
        String padding = "x".repeat(200);
        try (RawSseServer server = new RawSseServer((out, socket, written) -> {
            for (int i = 0; written.get() < total; i++) {
                RawSseServer.send(out, written, OpenAiWire.text("e" + i + padding));
            }
        })) {
            LlmSettings settings = new LlmSettings(server.baseUrl(), "sk-test", "gpt-4o-mini", Duration.ofSeconds(5));
            OpenAiOfficialModel model = OpenAiOfficialModel.create(settings);
            CountedReads reads = new CountedReads(model);
            gateway = LlmGateway.builder(model, "gpt-4o-mini").streaming(reads)
                    .usageLog(UsageLog.appendingTo(dir.resolve("usage.jsonl"))).build();
            TestSubscriber sub = new TestSubscriber(0);
            gateway.stream(call()).subscribe(sub);

            // Given a subscriber that asked for 5 events
            sub.subscription.request(5);
            assertThat(sub.awaitEvents(5)).isTrue();
            reads.awaitReaderWaitingForDemand();

            // Then exactly 5 events were read off the stream, and the reader waits for demand instead of reading on
            assertThat(reads.count()).as("events read with a demand of 5").isEqualTo(5);
            assertThat(sub.events).extracting(StreamingTest::number).containsExactly(0, 1, 2, 3, 4);

            // When it asks for 3 more, exactly 3 more are read
            sub.subscription.request(3);
            assertThat(sub.awaitEvents(3)).isTrue();
            reads.awaitReaderWaitingForDemand();
            assertThat(reads.count()).as("events read with a demand of 8").isEqualTo(8);
            assertThat(sub.events).extracting(StreamingTest::number).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);

            // When it cancels, the connection closes while the server is still blocked writing its stream
            sub.subscription.cancel();
            assertThat(server.ended.get(10, TimeUnit.SECONDS)).as("the server saw the connection close")
                    .isInstanceOf(java.io.IOException.class);
            assertThat(server.written.get()).isLessThan(total);
            reads.awaitReaderDone();
            assertThat(reads.closed).as("the stream was closed").isTrue();
            assertThat(reads.count()).isEqualTo(8);
            assertThat(sub.error).isNull();
            assertThat(sub.completed).isFalse();
            assertThat(sub.events).hasSize(8);
        }
    }

    @Test
    void aNonPositiveRequestIsAProtocolErrorSignalled() throws Exception {
        stubSse(OpenAiWire.sse(OpenAiWire.words(3)));
        TestSubscriber sub = new TestSubscriber(0);

        gateway().stream(call()).subscribe(sub);
        sub.subscription.request(0);

        assertThat(sub.await()).isTrue();
        assertThat(sub.error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
        wm.verify(0, postRequestedFor(urlEqualTo(PATH)));
    }

    /** The number in a text event written by the server above ("e17xxx..." is 17). */
    static int number(StreamEvent e) {
        String text = ((StreamEvent.TextDelta) e).text();
        return Integer.parseInt(text.substring(1, text.indexOf('x')));
    }

    /**
     * The real SDK stream of {@code model}, with every read counted and the reading thread remembered: the probe
     * that shows how far the gateway read.
     */
    static final class CountedReads implements StreamingSource {
        private final StreamingSource real;
        private final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        private volatile Thread reader;
        volatile boolean closed;

        CountedReads(StreamingSource real) {
            this.real = real;
        }

        int count() {
            return reads.get();
        }

        @Override
        public EventStream open(dev.langchain4j.model.chat.request.ChatRequest request) {
            EventStream stream = real.open(request);
            return new EventStream() {
                @Override
                public StreamEvent next() {
                    reader = Thread.currentThread();
                    StreamEvent e = stream.next();
                    reads.incrementAndGet();
                    return e;
                }

                @Override
                public void close() {
                    closed = true;
                    stream.close();
                }
            };
        }

        /** Waits until the reader is parked in the subscription, waiting for the subscriber to ask for more. */
        void awaitReaderWaitingForDemand() {
            ThreadWatch.awaitParkedIn(() -> reader, Thread.State.WAITING, StreamSubscription.class, "awaitDemand");
        }

        /** Waits until the reader has left the subscription (its pool thread is free again). */
        void awaitReaderDone() {
            ThreadWatch.awaitOutOf(() -> reader, StreamSubscription.class);
        }
    }
}
