package dev.aiops.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIException;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Hostile server-sent event streams from an OpenAI-compatible provider, read through the official SDK's SSE parser
 * and our chunk assembly: events, or a provider error the gateway knows (a langchain4j exception or the SDK's
 * own), never another exception and never more events than the stream had bytes. The SDK is given an HTTP client
 * that answers every request with the fuzzed body, so no socket is involved.
 */
class OpenAiStreamFuzzTest {

    private static final ChatRequest REQUEST = ChatRequest.builder().messages(UserMessage.from("hello")).build();

    /** Answers with the body of the current input, as a 200 event stream. */
    private static final class CannedStream implements HttpClient {
        volatile byte[] body = new byte[0];

        @Override
        public HttpResponse execute(HttpRequest request, RequestOptions options) {
            byte[] bytes = body;
            return new HttpResponse() {
                private final InputStream in = new ByteArrayInputStream(bytes);

                @Override
                public int statusCode() {
                    return 200;
                }

                @Override
                public Headers headers() {
                    return Headers.builder().put("content-type", "text/event-stream").build();
                }

                @Override
                public InputStream body() {
                    return in;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions options) {
            return CompletableFuture.completedFuture(execute(request, options));
        }

        @Override
        public void close() {
        }
    }

    private static final CannedStream HTTP = new CannedStream();
    private static final OpenAiOfficialModel MODEL = new OpenAiOfficialModel(new OpenAIClientImpl(
            ClientOptions.builder().httpClient(HTTP).baseUrl("http://provider.invalid/v1").apiKey("sk-fuzz")
                    .maxRetries(0).build()), "gpt-4o-mini", Duration.ofSeconds(5));

    @FuzzTest(maxDuration = "2m")
    void aStreamIsEventsOrAProviderErrorTheGatewayKnows(byte[] input) {
        HTTP.body = input;
        int events = 0;
        try (EventStream stream = MODEL.open(REQUEST)) {
            for (StreamEvent e = stream.next(); e != null; e = stream.next()) {
                events++;
                assertThat(events).isLessThanOrEqualTo(input.length + 1);
                if (e instanceof StreamEvent.TextDelta t) {
                    assertThat(t.text()).isNotEmpty();
                }
            }
        } catch (LangChain4jException | OpenAIException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
