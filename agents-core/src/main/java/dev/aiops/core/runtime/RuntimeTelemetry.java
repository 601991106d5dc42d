package dev.aiops.core.runtime;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Spans and RED metrics of the runtime, following the OpenTelemetry GenAI semantic conventions for agents:
 * a span {@code invoke_agent {agent}} with a child {@code execute_tool {skill}} per call, counters of calls,
 * errors, contract breaches and SLA breaches, and a duration histogram, all by skill.
 */
final class RuntimeTelemetry {

    static final String SCOPE = "dev.aiops.agents";

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
    static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("gen_ai.conversation.id");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> SKILL = AttributeKey.stringKey("aiops.skill");
    static final AttributeKey<String> SKILL_VERSION = AttributeKey.stringKey("aiops.skill.version");
    static final AttributeKey<String> AGENT = AttributeKey.stringKey("aiops.agent");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("aiops.outcome");
    static final AttributeKey<Long> DEPTH = AttributeKey.longKey("aiops.depth");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("aiops.attempts");
    static final AttributeKey<Boolean> REPLAYED = AttributeKey.booleanKey("aiops.replayed");
    static final AttributeKey<String> SLA_KIND = AttributeKey.stringKey("aiops.sla.kind");

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final LongCounter calls;
    private final LongCounter errors;
    private final LongCounter contractBreaches;
    private final LongCounter slaBreaches;
    private final DoubleHistogram duration;

    RuntimeTelemetry(OpenTelemetry otel) {
        this.tracer = otel.getTracer(SCOPE);
        Meter meter = otel.getMeter(SCOPE);
        this.calls = meter.counterBuilder("aiops.skill.calls")
                .setDescription("Skill invocations, by skill, agent and outcome").setUnit("{call}").build();
        this.errors = meter.counterBuilder("aiops.skill.errors")
                .setDescription("Failed skill invocations, by skill and error.type").setUnit("{call}").build();
        this.contractBreaches = meter.counterBuilder("aiops.skill.contract.breaches")
                .setDescription("Outputs that broke the skill's output schema").setUnit("{call}").build();
        this.slaBreaches = meter.counterBuilder("aiops.skill.sla.breaches")
                .setDescription("Calls slower than the skill's p95 latency target or past its timeout")
                .setUnit("{call}").build();
        this.duration = meter.histogramBuilder("aiops.skill.duration")
                .setDescription("Duration of skill invocations").setUnit("s")
                .setExplicitBucketBoundariesAdvice(List.of(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25,
                        0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
                .build();
    }

    /** Opens the {@code invoke_agent} span, a child of the trace context carried in the envelope. */
    Span startAgentSpan(Envelope request) {
        Context parent = parentOf(request);
        return tracer.spanBuilder("invoke_agent " + request.callee())
                .setParent(parent)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(OPERATION, "invoke_agent")
                .setAttribute(AGENT_NAME, request.callee())
                .setAttribute(CONVERSATION_ID, request.correlationId())
                .setAttribute(DEPTH, (long) request.depth())
                .startSpan();
    }

    Span startToolSpan(Span agentSpan, Envelope request, String skillVersion) {
        return tracer.spanBuilder("execute_tool " + request.subject())
                .setParent(Context.root().with(agentSpan))
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(OPERATION, "execute_tool")
                .setAttribute(TOOL_NAME, request.subject())
                .setAttribute(TOOL_TYPE, "function")
                .setAttribute(TOOL_CALL_ID, request.id())
                .setAttribute(SKILL_VERSION, skillVersion)
                .startSpan();
    }

    /** Ends both spans and records the metrics of one finished invocation. */
    void finish(Span agentSpan, @Nullable Span toolSpan, Envelope request, InvocationResult result, long nanos,
                long p95Nanos) {
        String skill = request.subject();
        String agent = request.callee();
        String outcome = result.isSuccess() ? "success" : "error";
        for (Span span : new Span[] {toolSpan, agentSpan}) {
            if (span == null) continue;
            span.setAttribute(ATTEMPTS, (long) result.attempts());
            span.setAttribute(REPLAYED, result.replayed());
            if (!result.isSuccess()) {
                span.setAttribute(ERROR_TYPE, String.valueOf(result.error()));
                span.setStatus(StatusCode.ERROR, result.message());
            }
            span.end();
        }
        Attributes attrs = Attributes.of(SKILL, skill, AGENT, agent == null ? "" : agent, OUTCOME, outcome);
        calls.add(1, attrs);
        duration.record(nanos / 1e9, attrs);
        if (!result.isSuccess()) {
            errors.add(1, Attributes.of(SKILL, skill, ERROR_TYPE, String.valueOf(result.error())));
            if (result.error() == ErrorCode.CONTRACT_BREACH) {
                contractBreaches.add(1, Attributes.of(SKILL, skill));
            }
        }
        if (result.error() == ErrorCode.TIMEOUT || result.error() == ErrorCode.DEADLINE_EXCEEDED) {
            slaBreaches.add(1, Attributes.of(SKILL, skill, SLA_KIND, "timeout"));
        } else if (nanos > p95Nanos && result.attempts() > 0) {
            slaBreaches.add(1, Attributes.of(SKILL, skill, SLA_KIND, "latency"));
        }
    }

    /** The W3C {@code traceparent}/{@code tracestate} of {@code span}, for the envelopes of its child calls. */
    static String[] traceHeaders(Span span) {
        SpanContext sc = span.getSpanContext();
        if (!sc.isValid()) return new String[] {null, null};
        Map<String, String> carrier = new HashMap<>(4);
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, Map::put);
        return new String[] {carrier.get("traceparent"), carrier.get("tracestate")};
    }

    private static Context parentOf(Envelope request) {
        if (request.traceparent() == null) {
            return Context.current();
        }
        Map<String, String> carrier = new HashMap<>(4);
        carrier.put("traceparent", request.traceparent());
        if (request.tracestate() != null) carrier.put("tracestate", request.tracestate());
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, GETTER);
    }
}
