package dev.aiops.core.llm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionSystemMessageParam;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import com.openai.models.completions.CompletionUsage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The default provider: any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, Ollama, vLLM) through the official
 * {@code openai-java} SDK, behind langchain4j's {@link ChatModel} so the gateway treats it like any other provider,
 * and as a pull-based {@link StreamingSource} for streaming with backpressure.
 *
 * <p>The SDK's own retries are off: the gateway retries, so it can honour {@code Retry-After}, count attempts and
 * never retry twice over. Errors become langchain4j exceptions: {@link ProviderHttpException} for an error status
 * (with {@code Retry-After}), {@link TimeoutException} for a timeout, {@link RetriableException} for a broken
 * connection and {@link ContentFilteredException} for a request the provider's content filter refused.
 */
public final class OpenAiOfficialModel implements ChatModel, StreamingSource, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final int STREAM_TIMEOUT_FACTOR = 10;

    private final OpenAIClient client;
    private final String model;
    private final Duration timeout;

    OpenAiOfficialModel(OpenAIClient client, String model, Duration timeout) {
        this.client = client;
        this.model = model;
        this.timeout = timeout;
    }

    /** A model for these settings; the call timeout applies per request, a stream may last ten times as long. */
    public static OpenAiOfficialModel create(LlmSettings settings) {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey().isEmpty() ? "none" : settings.apiKey())
                .maxRetries(0)
                .timeout(Timeout.builder().connect(Duration.ofSeconds(10)).read(settings.timeout())
                        .request(settings.timeout()).build())
                .build();
        return new OpenAiOfficialModel(client, settings.model(), settings.timeout());
    }

    public String modelName() {
        return model;
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OPEN_AI;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        ChatCompletion completion;
        try {
            completion = client.chat().completions().create(params(request, false));
        } catch (RuntimeException e) {
            throw translate(e);
        }
        if (completion.choices().isEmpty()) {
            throw new RetriableException("the provider returned no choices");
        }
        ChatCompletion.Choice choice = completion.choices().get(0);
        ChatCompletionMessage message = choice.message();
        List<ToolExecutionRequest> calls = new ArrayList<>();
        message.toolCalls().ifPresent(list -> {
            for (ChatCompletionMessageToolCall call : list) {
                call.function().ifPresent(f -> calls.add(ToolExecutionRequest.builder().id(f.id())
                        .name(f.function().name()).arguments(f.function().arguments()).build()));
            }
        });
        AiMessage.Builder ai = AiMessage.builder().text(message.content().orElse(null)).toolExecutionRequests(calls);
        FinishReason finish = finishReason(choice.finishReason().asString());
        if (message.refusal().isPresent()) {
            ai.attributes(Map.of(REFUSAL_ATTRIBUTE, message.refusal().get()));
            finish = FinishReason.CONTENT_FILTER;
        }
        return ChatResponse.builder()
                .aiMessage(ai.build())
                .id(completion.id())
                .modelName(completion.model())
                .finishReason(finish)
                .tokenUsage(completion.usage().map(OpenAiOfficialModel::usage).orElse(null))
                .build();
    }

    /** The attribute of an {@link AiMessage} that holds the model's refusal text. */
    public static final String REFUSAL_ATTRIBUTE = "refusal";

    @Override
    // the response is not leaked: ChunkEvents owns it and closes it when the caller closes the EventStream
    @SuppressWarnings("MustBeClosedChecker")
    public EventStream open(ChatRequest request) {
        StreamResponse<ChatCompletionChunk> response;
        try {
            response = client.chat().completions().createStreaming(params(request, true),
                    RequestOptions.builder().timeout(Timeout.builder().connect(Duration.ofSeconds(10))
                            .read(timeout).request(timeout.multipliedBy(STREAM_TIMEOUT_FACTOR)).build()).build());
        } catch (RuntimeException e) {
            throw translate(e);
        }
        return new ChunkEvents(response);
    }

    @Override
    public void close() {
        client.close();
    }

    private ChatCompletionCreateParams params(ChatRequest request, boolean stream) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
                .model(request.modelName() != null ? request.modelName() : model);
        for (ChatMessage m : request.messages()) {
            addMessage(b, m);
        }
        List<ToolSpecification> tools = request.toolSpecifications();
        if (tools != null) {
            for (ToolSpecification t : tools) {
                b.addTool(ChatCompletionFunctionTool.builder().function(function(t)).build());
            }
        }
        if (request.maxOutputTokens() != null) {
            b.maxCompletionTokens(request.maxOutputTokens().longValue());
        }
        if (request.temperature() != null) {
            b.temperature(request.temperature());
        }
        if (stream) {
            b.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        }
        return b.build();
    }

    private static void addMessage(ChatCompletionCreateParams.Builder b, ChatMessage m) {
        if (m instanceof SystemMessage s) {
            b.addMessage(ChatCompletionSystemMessageParam.builder().content(s.text()).build());
        } else if (m instanceof UserMessage u) {
            b.addMessage(ChatCompletionUserMessageParam.builder()
                    .content(u.hasSingleText() ? u.singleText() : u.toString()).build());
        } else if (m instanceof AiMessage a) {
            ChatCompletionAssistantMessageParam.Builder ab = ChatCompletionAssistantMessageParam.builder();
            if (a.text() != null) {
                ab.content(a.text());
            }
            if (a.hasToolExecutionRequests()) {
                for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                    ab.addToolCall(ChatCompletionMessageFunctionToolCall.builder().id(r.id())
                            .function(ChatCompletionMessageFunctionToolCall.Function.builder().name(r.name())
                                    .arguments(r.arguments()).build())
                            .build());
                }
            }
            b.addMessage(ab.build());
        } else if (m instanceof ToolExecutionResultMessage t) {
            b.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(t.id()).content(t.text()).build());
        } else {
            throw new IllegalArgumentException("unsupported message type " + m.type());
        }
    }

    private static FunctionDefinition function(ToolSpecification t) {
        Map<String, Object> schema;
        Object raw = t.metadata() == null ? null : t.metadata().get(StrictTool.PARAMETERS_METADATA);
        try {
            schema = raw != null ? JSON.readValue(raw.toString(), MAP)
                    : t.parameters() != null ? JsonSchemaElementUtils.toMap(t.parameters(), Boolean.TRUE.equals(t.strict()))
                    : Map.of("type", "object", "properties", Map.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("tool '" + t.name() + "': parameters are not JSON", e);
        }
        Map<String, JsonValue> params = new java.util.LinkedHashMap<>();
        schema.forEach((k, v) -> params.put(k, JsonValue.from(v)));
        FunctionDefinition.Builder f = FunctionDefinition.builder().name(t.name())
                .parameters(FunctionParameters.builder().putAllAdditionalProperties(params).build());
        if (t.description() != null) {
            f.description(t.description());
        }
        if (t.strict() != null) {
            f.strict(t.strict());
        }
        return f.build();
    }

    static ProviderUsage usage(CompletionUsage u) {
        int cached = u.promptTokensDetails().flatMap(d -> d.cachedTokens()).orElse(0L).intValue();
        int reasoning = u.completionTokensDetails().flatMap(d -> d.reasoningTokens()).orElse(0L).intValue();
        return new ProviderUsage((int) u.promptTokens(), (int) u.completionTokens(), cached, reasoning);
    }

    static FinishReason finishReason(String reason) {
        if (reason == null) {
            return null;
        }
        switch (reason) {
            case "stop": return FinishReason.STOP;
            case "length": return FinishReason.LENGTH;
            case "tool_calls":
            case "function_call": return FinishReason.TOOL_EXECUTION;
            case "content_filter": return FinishReason.CONTENT_FILTER;
            default: return FinishReason.OTHER;
        }
    }

    /** The SDK's exceptions as langchain4j's, keeping status, provider code and {@code Retry-After}. */
    static RuntimeException translate(RuntimeException e) {
        if (e instanceof OpenAIServiceException s) {
            String code = s.code().orElse(null);
            String message = "HTTP " + s.statusCode() + " from the provider: " + s.getMessage();
            if ("content_filter".equals(code) || "content_policy_violation".equals(code)) {
                return new ContentFilteredException(message, e);
            }
            return new ProviderHttpException(s.statusCode(), message, retryAfter(s), code);
        }
        if (e instanceof OpenAIIoException) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof InterruptedIOException) {
                    return new TimeoutException("the provider did not answer in time: " + c.getMessage(), e);
                }
            }
            return new RetriableException("connection to the provider failed: " + e.getMessage(), e);
        }
        return e;
    }

    private static Duration retryAfter(OpenAIServiceException s) {
        List<String> ms = s.headers().values("retry-after-ms");
        if (!ms.isEmpty()) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(ms.get(0).trim()));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        List<String> values = s.headers().values("retry-after");
        if (values.isEmpty()) {
            return null;
        }
        String v = values.get(0).trim();
        try {
            return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /**
     * Turns chunks into events as the consumer asks for them. Text goes out at once; a tool call's id, name and
     * argument fragments are gathered per index and go out whole when the model finishes; the final event carries
     * the finish reason and the usage chunk ({@code stream_options.include_usage}). A stream that ends without a
     * finish reason was cut off, and says so.
     */
    static final class ChunkEvents implements EventStream {
        private final StreamResponse<ChatCompletionChunk> response;
        private final Iterator<ChatCompletionChunk> chunks;
        private final java.util.ArrayDeque<StreamEvent> pending = new java.util.ArrayDeque<>();
        private final Map<Long, String[]> toolCalls = new TreeMap<>();
        private final AtomicBoolean closed = new AtomicBoolean();
        private FinishReason finish;
        private ProviderUsage usage;
        private boolean done;

        ChunkEvents(StreamResponse<ChatCompletionChunk> response) {
            this.response = response;
            this.chunks = response.stream().iterator();
        }

        @Override
        public StreamEvent next() {
            while (pending.isEmpty() && !done) {
                boolean more;
                try {
                    more = chunks.hasNext();
                } catch (RuntimeException e) {
                    throw closed.get() ? new java.util.concurrent.CancellationException("stream closed")
                            : translate(e);
                }
                if (!more) {
                    finishStream();
                    break;
                }
                accept(chunks.next());
            }
            return pending.poll();
        }

        private void accept(ChatCompletionChunk chunk) {
            chunk.usage().ifPresent(u -> usage = usage(u));
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                ChatCompletionChunk.Choice.Delta delta = choice.delta();
                delta.content().filter(t -> !t.isEmpty()).ifPresent(t -> pending.add(new StreamEvent.TextDelta(t)));
                delta.refusal().filter(t -> !t.isEmpty()).ifPresent(t -> finish = FinishReason.CONTENT_FILTER);
                delta.toolCalls().ifPresent(list -> {
                    for (ChatCompletionChunk.Choice.Delta.ToolCall call : list) {
                        String[] acc = toolCalls.computeIfAbsent(call.index(), i -> new String[] {null, null, ""});
                        call.id().ifPresent(id -> acc[0] = id);
                        call.function().ifPresent(f -> {
                            f.name().ifPresent(n -> acc[1] = acc[1] == null ? n : acc[1] + n);
                            f.arguments().ifPresent(a -> acc[2] = acc[2] + a);
                        });
                    }
                });
                choice.finishReason().ifPresent(r -> {
                    if (finish != FinishReason.CONTENT_FILTER) {
                        finish = finishReason(r.asString());
                    }
                });
            }
        }

        private void finishStream() {
            done = true;
            if (finish == null) {
                throw new TruncatedStreamException("the stream ended before the model finished (no finish_reason)");
            }
            for (Map.Entry<Long, String[]> call : toolCalls.entrySet()) {
                String[] acc = call.getValue();
                pending.add(new StreamEvent.ToolCall(call.getKey().intValue(), acc[0], acc[1], acc[2]));
            }
            pending.add(new StreamEvent.Completed(finish, usage == null ? null
                    : new Usage(usage.inputTokenCount(), usage.cachedInputTokens(), usage.outputTokenCount(),
                            usage.reasoningTokens(), false, 0)));
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                response.close();
            }
        }
    }

    /** A stream that stopped before the model said it had finished. */
    public static final class TruncatedStreamException extends RetriableException {
        public TruncatedStreamException(String message) {
            super(message);
        }
    }
}
