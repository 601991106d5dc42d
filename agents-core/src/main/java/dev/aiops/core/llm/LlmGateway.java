package dev.aiops.core.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way agents talk to a model. Every call is rate limited, guarded by a circuit breaker, retried on
 * 429/5xx/timeouts/broken connections with exponential backoff and jitter (honouring {@code Retry-After}), timed
 * out, traced as a GenAI {@code chat} span with token metrics, and written to the {@link UsageLog} with its tokens
 * and cost: from the provider's usage, or estimated with jtokkit (and marked so) when the provider gives none.
 *
 * <p>Any langchain4j {@link ChatModel} plugs in; streaming needs a {@link StreamingSource} (the
 * {@link OpenAiOfficialModel} is both) and is exposed as a {@link Flow.Publisher} that reads from the connection
 * only as fast as its subscriber asks.
 */
public final class LlmGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LlmGateway.class);
    private static final Logger USAGE = LoggerFactory.getLogger("aiops.llm.usage");

    private final ChatModel model;
    private final StreamingSource streaming;
    private final String modelName;
    private final ModelInfo info;
    private final TokenCounter counter;
    private final UsageLog usageLog;
    private final GenAiTelemetry telemetry;
    private final LlmResilience resilience;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final RateLimiter limiter;
    private final boolean enforcesOwnTimeout;
    private final ExecutorService pool;
    private final Clock clock;
    private final String provider;

    private LlmGateway(Builder b) {
        this.model = b.model;
        this.streaming = b.streaming;
        this.modelName = b.modelName;
        this.info = b.catalog.lookup(b.modelName);
        this.provider = b.provider != null ? b.provider : info.provider();
        this.counter = TokenCounter.forModel(info);
        this.usageLog = b.usageLog;
        this.telemetry = new GenAiTelemetry(b.otel, provider);
        this.resilience = b.resilience;
        this.clock = b.clock;
        this.enforcesOwnTimeout = b.model instanceof OpenAiOfficialModel || b.providerTimesOut;
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "aiops-llm-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        LlmResilience r = b.resilience;
        this.retry = Retry.of("llm", RetryConfig.custom()
                .maxAttempts(r.maxAttempts())
                .retryOnException(this::retryable)
                .intervalBiFunction((attempt, outcome) -> waitMillis(attempt,
                        outcome.isLeft() ? outcome.getLeft() : null))
                .build());
        this.breaker = CircuitBreaker.of("llm", CircuitBreakerConfig.custom()
                .failureRateThreshold(r.failureRateToOpen())
                .slidingWindowSize(r.breakerWindow())
                .minimumNumberOfCalls(r.breakerWindow())
                .waitDurationInOpenState(r.openFor())
                .recordException(Failures::retryable)
                .build());
        this.limiter = RateLimiter.of("llm", RateLimiterConfig.custom()
                .limitForPeriod(r.callsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(r.rateLimitWait())
                .build());
        if (!info.known()) {
            LOG.warn("model '{}' is not in the model catalog: assuming a {}-token context window and no price;"
                    + " add it to ~/.config/aiops/models.yaml", modelName, info.contextWindow());
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** A gateway over {@code model}, which answers as {@code modelName} (the catalog key). */
    public static Builder builder(ChatModel model, String modelName) {
        return new Builder(model, modelName);
    }

    /** The default gateway: an OpenAI-compatible endpoint through the official SDK, streaming included. */
    public static Builder openAi(LlmSettings settings) {
        OpenAiOfficialModel m = OpenAiOfficialModel.create(settings);
        return new Builder(m, settings.model()).streaming(m);
    }

    /** True when this gateway can {@link #stream} (it was given a {@link StreamingSource}). */
    public boolean canStream() {
        return streaming != null;
    }

    /** The catalog entry of the model this gateway talks to. */
    public ModelInfo model() {
        return info;
    }

    public TokenCounter tokenCounter() {
        return counter;
    }

    public UsageLog usage() {
        return usageLog;
    }

    /**
     * Sends one request and returns the answer. A refusal (content filter, or the model declining) is an answer
     * with {@link LlmResult#refused()}, not an exception.
     *
     * @throws LlmCallException when the call failed for good, saying why and after how many attempts
     */
    public LlmResult chat(LlmCall call) {
        checkBudget(call);
        ChatRequest request = request(call);
        Span span = telemetry.start(call, modelName);
        long start = System.nanoTime();
        AtomicInteger attempts = new AtomicInteger();
        try (Scope ignored = span.makeCurrent()) {
            Supplier<ChatResponse> attempt = () -> {
                attempts.incrementAndGet();
                return callModel(request);
            };
            ChatResponse response = Retry.decorateSupplier(retry,
                    RateLimiter.decorateSupplier(limiter, CircuitBreaker.decorateSupplier(breaker, attempt))).get();
            long nanos = System.nanoTime() - start;
            AiMessage message = response.aiMessage();
            Usage usage = usageOf(response.tokenUsage(), call, outputText(message));
            FinishReason finish = response.finishReason();
            String outcome = finish == FinishReason.CONTENT_FILTER ? "refused" : "ok";
            record(call, usage, nanos, attempts.get(), false, finish, outcome, null);
            telemetry.succeeded(span, modelName, response.modelName(), finishName(finish), usage, attempts.get(),
                    nanos);
            return new LlmResult(message, finish, usage, attempts.get(), Duration.ofNanos(nanos));
        } catch (RuntimeException e) {
            throw failed(call, span, e, attempts.get(), System.nanoTime() - start, false);
        }
    }

    /**
     * Streams one request. Nothing is sent before the subscriber's first {@code request(n)}; each event is read
     * from the connection only when there is demand for it, so a slow subscriber slows the socket, not our heap.
     * Opening is retried like {@link #chat}; once an event has been delivered a failure ends the stream with
     * {@code onError} (a {@link LlmCallException}). {@code cancel()} closes the HTTP stream.
     */
    public Flow.Publisher<StreamEvent> stream(LlmCall call) {
        if (streaming == null) {
            throw new IllegalStateException("this gateway has no streaming source");
        }
        Objects.requireNonNull(call, "call");
        checkBudget(call);
        return subscriber -> new StreamSubscription(this, call, subscriber).start();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing the model failed", e);
            }
        }
    }

    /**
     * The budget invariant as the last guard: a request whose prompt plus reserved output passes 80% of the
     * model's window is refused here and never sent (agents prune with a {@code ContextAssembler} first).
     * Per-message counts are cached, so the check costs a lookup per message.
     */
    private void checkBudget(LlmCall call) {
        dev.aiops.core.context.ContextBudget budget =
                dev.aiops.core.context.ContextBudget.of(info, call.maxOutputTokens());
        int prompt = counter.count(call.messages(), call.tools());
        if (!budget.fits(prompt)) {
            throw new LlmCallException("the request to '" + modelName + "' has " + prompt + " prompt tokens; with "
                    + budget.reservedOutput() + " reserved for the answer it passes 80% of the " + info.contextWindow()
                    + "-token window (limit " + budget.promptLimit() + "); prune the conversation first",
                    "context_budget", 0, null);
        }
    }

    // ---- internals shared with StreamSubscription ----

    ChatRequest request(LlmCall call) {
        ChatRequest.Builder b = ChatRequest.builder().messages(call.messages()).modelName(modelName);
        if (!call.tools().isEmpty()) {
            b.toolSpecifications(call.tools());
        }
        if (call.maxOutputTokens() != null) {
            b.maxOutputTokens(call.maxOutputTokens());
        }
        if (call.temperature() != null) {
            b.temperature(call.temperature());
        }
        return b.build();
    }

    /** Runs {@code open} under the same rate limit, breaker and retries as a plain call. */
    <T> T guarded(Supplier<T> open) {
        return Retry.decorateSupplier(retry,
                RateLimiter.decorateSupplier(limiter, CircuitBreaker.decorateSupplier(breaker, open))).get();
    }

    StreamingSource streaming() {
        return streaming;
    }

    ExecutorService pool() {
        return pool;
    }

    GenAiTelemetry telemetry() {
        return telemetry;
    }

    String modelName() {
        return modelName;
    }

    Usage usageOf(TokenUsage reported, LlmCall call, String output) {
        if (reported != null && reported.inputTokenCount() != null && reported.outputTokenCount() != null) {
            long cached = reported instanceof ProviderUsage p ? p.cachedInputTokens() : 0;
            long reasoning = reported instanceof ProviderUsage p ? p.reasoningTokens() : 0;
            return Usage.of(info, reported.inputTokenCount(), cached, reported.outputTokenCount(), reasoning, false);
        }
        return Usage.of(info, counter.count(call.messages(), call.tools()), 0, counter.count(output), 0, true);
    }

    Usage priced(Usage raw) {
        return Usage.of(info, raw.inputTokens(), raw.cachedInputTokens(), raw.outputTokens(), raw.reasoningTokens(),
                raw.estimated());
    }

    void record(LlmCall call, Usage usage, long nanos, int attempts, boolean streamed, FinishReason finish,
                String outcome, String error) {
        UsageRecord r = new UsageRecord(clock.instant(), call.agent(), call.session(), provider, modelName,
                call.prompt(), usage, TimeUnit.NANOSECONDS.toMillis(nanos), attempts, streamed, finishName(finish),
                outcome, error);
        usageLog.append(r);
        if (USAGE.isDebugEnabled()) {
            USAGE.debug("{}", UsageLog.toJson(r));
        }
    }

    LlmCallException failed(LlmCall call, Span span, Throwable e, int attempts, long nanos, boolean streamed) {
        String type = Failures.type(e);
        telemetry.failed(span, modelName, type, e, attempts, nanos);
        record(call, Usage.NONE, nanos, attempts, streamed, null, "error", type);
        String retried = attempts > 1 ? " after " + attempts + " attempts" : "";
        return new LlmCallException("model call to '" + modelName + "' failed" + retried + ": "
                + Failures.describe(e), type, attempts, e);
    }

    static String finishName(FinishReason f) {
        return f == null ? null : f.name().toLowerCase(java.util.Locale.ROOT);
    }

    static String outputText(AiMessage message) {
        StringBuilder sb = new StringBuilder();
        if (message.text() != null) {
            sb.append(message.text());
        }
        if (message.hasToolExecutionRequests()) {
            for (ToolExecutionRequest r : message.toolExecutionRequests()) {
                sb.append(r.name()).append(r.arguments());
            }
        }
        return sb.toString();
    }

    private ChatResponse callModel(ChatRequest request) {
        if (model instanceof OpenAiOfficialModel own) {
            // our own adapter has no langchain4j listeners to notify, and its HTTP client enforces the timeout
            return own.doChat(request);
        }
        if (enforcesOwnTimeout) {
            return model.chat(request);
        }
        Future<ChatResponse> f = pool.submit(() -> model.chat(request));
        try {
            return f.get(resilience.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw new TimeoutException("the provider did not answer within " + resilience.callTimeout(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        }
    }

    private boolean retryable(Throwable t) {
        if (!Failures.retryable(t)) {
            return false;
        }
        return Failures.retryAfter(t).map(d -> d.compareTo(resilience.maxRetryAfter()) <= 0).orElse(true);
    }

    private long waitMillis(int retryNumber, Throwable error) {
        Duration retryAfter = error == null ? null : Failures.retryAfter(error).orElse(null);
        if (retryAfter != null) {
            return retryAfter.toMillis();
        }
        long base = resilience.backoff(retryNumber).toMillis();
        double j = resilience.jitter();
        double factor = 1 - j + 2 * j * ThreadLocalRandom.current().nextDouble();
        return Math.max(1, Math.round(base * factor));
    }

    /** Configures a {@link LlmGateway}. */
    public static final class Builder {
        private final ChatModel model;
        private final String modelName;
        private StreamingSource streaming;
        private ModelCatalog catalog;
        private UsageLog usageLog = UsageLog.inMemory();
        private OpenTelemetry otel = OpenTelemetry.noop();
        private LlmResilience resilience = LlmResilience.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private String provider;
        private boolean providerTimesOut;

        private Builder(ChatModel model, String modelName) {
            this.model = Objects.requireNonNull(model, "model");
            this.modelName = Objects.requireNonNull(modelName, "modelName");
        }

        public Builder streaming(StreamingSource source) {
            this.streaming = source;
            return this;
        }

        public Builder catalog(ModelCatalog c) {
            this.catalog = c;
            return this;
        }

        public Builder usageLog(UsageLog log) {
            this.usageLog = Objects.requireNonNull(log);
            return this;
        }

        public Builder openTelemetry(OpenTelemetry o) {
            this.otel = Objects.requireNonNull(o);
            return this;
        }

        public Builder resilience(LlmResilience r) {
            this.resilience = Objects.requireNonNull(r);
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /**
         * Declares that the model's own client enforces a per-call timeout, so the gateway calls it on the caller's
         * thread instead of under a time limit on a pool thread (which costs a thread hand-off per call).
         */
        public Builder providerEnforcesTimeout() {
            this.providerTimesOut = true;
            return this;
        }

        /** The {@code gen_ai.provider.name}; by default the catalog's provider of the model. */
        public Builder provider(String name) {
            this.provider = name;
            return this;
        }

        public LlmGateway build() {
            if (catalog == null) {
                catalog = ModelCatalog.builtIn();
            }
            return new LlmGateway(this);
        }
    }
}
