package dev.aiops.core.llm;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;

/** Spans and metrics of model calls, as the OpenTelemetry GenAI semantic conventions name them. */
final class GenAiTelemetry {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<List<String>> FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> AGENT = AttributeKey.stringKey("gen_ai.agent.name");
    static final AttributeKey<String> PROMPT_ID = AttributeKey.stringKey("aiops.prompt.id");
    static final AttributeKey<String> PROMPT_VERSION = AttributeKey.stringKey("aiops.prompt.version");
    static final AttributeKey<String> PROMPT_HASH = AttributeKey.stringKey("aiops.prompt.hash");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("aiops.llm.attempts");
    static final AttributeKey<Boolean> ESTIMATED = AttributeKey.booleanKey("aiops.llm.usage_estimated");

    private final Tracer tracer;
    private final LongHistogram tokens;
    private final DoubleHistogram duration;
    private final String provider;

    GenAiTelemetry(OpenTelemetry otel, String provider) {
        this.tracer = otel.getTracer("dev.aiops.llm");
        this.tokens = otel.getMeter("dev.aiops.llm").histogramBuilder("gen_ai.client.token.usage").ofLongs()
                .setUnit("{token}").setDescription("Tokens used per model call").build();
        this.duration = otel.getMeter("dev.aiops.llm").histogramBuilder("gen_ai.client.operation.duration")
                .setUnit("s").setDescription("Duration of a model call").build();
        this.provider = provider;
    }

    Span start(LlmCall call, String model) {
        return tracer.spanBuilder("chat " + model)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, "chat")
                .setAttribute(PROVIDER, provider)
                .setAttribute(REQUEST_MODEL, model)
                .setAttribute(AGENT, call.agent())
                .setAttribute(PROMPT_ID, call.prompt().id())
                .setAttribute(PROMPT_VERSION, call.prompt().version())
                .setAttribute(PROMPT_HASH, call.prompt().hash())
                .startSpan();
    }

    void succeeded(Span span, String model, String responseModel, String finishReason, Usage usage, int attempts,
                   long nanos) {
        span.setAttribute(RESPONSE_MODEL, responseModel == null ? model : responseModel);
        span.setAttribute(INPUT_TOKENS, usage.inputTokens());
        span.setAttribute(OUTPUT_TOKENS, usage.outputTokens());
        span.setAttribute(ESTIMATED, usage.estimated());
        span.setAttribute(ATTEMPTS, (long) attempts);
        if (finishReason != null) {
            span.setAttribute(FINISH_REASONS, List.of(finishReason));
        }
        span.end();
        Attributes base = Attributes.of(OPERATION, "chat", PROVIDER, provider, REQUEST_MODEL, model);
        tokens.record(usage.inputTokens(), base.toBuilder().put(TOKEN_TYPE, "input").build());
        tokens.record(usage.outputTokens(), base.toBuilder().put(TOKEN_TYPE, "output").build());
        duration.record(nanos / 1e9, base);
    }

    void failed(Span span, String model, String errorType, Throwable error, int attempts, long nanos) {
        span.setAttribute(ERROR_TYPE, errorType);
        span.setAttribute(ATTEMPTS, (long) attempts);
        span.setStatus(StatusCode.ERROR, Failures.describe(error));
        span.end();
        duration.record(nanos / 1e9, Attributes.of(OPERATION, "chat", PROVIDER, provider, REQUEST_MODEL, model,
                ERROR_TYPE, errorType));
    }
}
