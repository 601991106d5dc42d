package dev.aiops.bench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpServer;
import dev.aiops.core.llm.LlmCall;
import dev.aiops.core.llm.LlmGateway;
import dev.aiops.core.llm.LlmResilience;
import dev.aiops.core.llm.LlmResult;
import dev.aiops.core.llm.LlmSettings;
import dev.aiops.core.llm.PromptRef;
import dev.aiops.core.llm.UsageLog;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the {@link LlmGateway} adds to a chat-completions call, against a local OpenAI-compatible stub (the JDK's
 * HTTP server answering a fixed completion with usage), compared with the same call made with the bare
 * {@code openai-java} SDK. The gateway call includes building the langchain4j request, the rate limiter, circuit
 * breaker and retry decorators, the adapter's conversion both ways, pricing, the usage-log line written to a file
 * and the (no-op) OpenTelemetry span and metrics. Target: gateway at most 1.10x the bare call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class GatewayOverheadBenchmark {

    static final String SYSTEM = "You are the on-call agent of a Kubernetes platform team. Be brief.";
    static final String QUESTION = "Why is the checkout deployment in namespace prod crash-looping?";
    static final String RESPONSE = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"The Secret payments-db lacks the key\
             DB_URL that the container's env references; add it and the pods will start.","refusal":null},
             "finish_reason":"stop","logprobs":null}],
             "usage":{"prompt_tokens":52,"completion_tokens":24,"total_tokens":76,
             "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}""";

    HttpServer server;
    OpenAIClient bare;
    LlmGateway gateway;
    Path usageFile;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        // without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: 40 ms a call
        System.setProperty("sun.net.httpserver.nodelay", "true");
        byte[] body = RESPONSE.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/v1/chat/completions", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        bare = OpenAIOkHttpClient.builder().baseUrl(url).apiKey("sk-bench").maxRetries(0)
                .timeout(Duration.ofSeconds(10)).build();
        usageFile = Files.createTempFile("aiops-usage", ".jsonl");
        gateway = LlmGateway.openAi(new LlmSettings(url, "sk-bench", "gpt-4o-mini", Duration.ofSeconds(10)))
                .usageLog(UsageLog.appendingTo(usageFile))
                // the default limit (50 calls/s) would pace the loop; the limiter itself stays in the path
                .resilience(LlmResilience.DEFAULT.withRateLimit(1_000_000, Duration.ofSeconds(1)))
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        gateway.close();
        memGateway.close();
        instantGateway.close();
        bare.close();
        server.stop(0);
        Files.deleteIfExists(usageFile);
    }

    @Benchmark
    public String bareSdk() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addSystemMessage(SYSTEM).addUserMessage(QUESTION).build();
        ChatCompletion c = bare.chat().completions().create(params);
        return c.choices().get(0).message().content().orElseThrow();
    }

    LlmGateway memGateway;

    @Setup(Level.Trial)
    public void setUpMem() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        memGateway = LlmGateway.openAi(new LlmSettings(url, "sk-bench", "gpt-4o-mini", Duration.ofSeconds(10)))
                .resilience(LlmResilience.DEFAULT.withRateLimit(1_000_000, Duration.ofSeconds(1))).build();
    }

    /** A model that answers at once, to isolate what the gateway itself costs from the HTTP round trip. */
    static final class InstantModel implements dev.langchain4j.model.chat.ChatModel {
        final dev.langchain4j.model.chat.response.ChatResponse answer = dev.langchain4j.model.chat.response
                .ChatResponse.builder().aiMessage(dev.langchain4j.data.message.AiMessage.from("ok"))
                .finishReason(dev.langchain4j.model.output.FinishReason.STOP)
                .tokenUsage(new dev.langchain4j.model.output.TokenUsage(52, 24)).build();

        @Override
        public dev.langchain4j.model.chat.response.ChatResponse doChat(
                dev.langchain4j.model.chat.request.ChatRequest request) {
            return answer;
        }
    }

    InstantModel instant;
    LlmGateway instantGateway;

    @Setup(Level.Trial)
    public void setUpInstant() {
        instant = new InstantModel();
        instantGateway = LlmGateway.builder(instant, "gpt-4o-mini").usageLog(UsageLog.inMemory())
                .resilience(LlmResilience.DEFAULT.withRateLimit(1_000_000, Duration.ofSeconds(1))
                        .withCallTimeout(Duration.ofSeconds(10))).providerEnforcesTimeout().build();
    }

    /** The in-process model called directly: the floor for {@link #gatewayInstant}. */
    @Benchmark
    public String instantDirect() {
        return instant.doChat(dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(List.of(SystemMessage.from(SYSTEM), UserMessage.from(QUESTION))).build()).aiMessage().text();
    }

    /**
     * The gateway over the in-process model: its own cost on the path the default provider takes (caller's
     * thread; the provider's client enforces the timeout).
     */
    @Benchmark
    public String gatewayInstant() {
        return instantGateway.chat(LlmCall.of("oncall", "bench", PromptRef.NONE,
                List.of(SystemMessage.from(SYSTEM), UserMessage.from(QUESTION)))).message().text();
    }

    @Benchmark
    public String gatewayMem() {
        LlmResult r = memGateway.chat(LlmCall.of("oncall", "bench", PromptRef.NONE,
                List.of(SystemMessage.from(SYSTEM), UserMessage.from(QUESTION))));
        return r.message().text();
    }

    @Benchmark
    public String gateway() {
        LlmResult r = gateway.chat(LlmCall.of("oncall", "bench", PromptRef.NONE,
                List.of(SystemMessage.from(SYSTEM), UserMessage.from(QUESTION))));
        return r.message().text();
    }
}
