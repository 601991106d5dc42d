package dev.aiops.core.runtime;

import static dev.aiops.core.runtime.RuntimeFixture.agent;
import static dev.aiops.core.runtime.RuntimeFixture.json;
import static dev.aiops.core.runtime.RuntimeFixture.skill;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.Sla;
import dev.aiops.core.contract.Tier;
import dev.aiops.core.graph.CompositionGraph;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.api.trace.StatusCode;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RuntimeTelemetryTest {

    private final java.util.concurrent.atomic.AtomicLong ticker = new java.util.concurrent.atomic.AtomicLong();

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private OpenTelemetrySdk otel;
    private AgentRuntime runtime;

    @BeforeEach
    void setUp() {
        otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
        CompositionGraph graph = CompositionGraph.of(List.of(
                agent("diagnostics", Tier.DOMAIN, skill("diagnose.run").build(), "k8s.read"),
                agent("reader", Tier.INFRASTRUCTURE, skill("k8s.read")
                        .sla(new Sla(Duration.ofSeconds(3), Duration.ofMillis(250), 99.0)).build())), Set.of());
        runtime = AgentRuntime.builder(graph).openTelemetry(otel).ticker(ticker::get)
                .resilience(ResilienceSettings.builder().maxAttempts(1).build())
                .bind("diagnose.run", call -> call.invoke("k8s.read", call.input()).orThrow())
                .bind("k8s.read", call -> {
                    // time passes only where the test says so: a cold first call is as fast as any other
                    if (call.input().has("slow")) ticker.addAndGet(java.time.Duration.ofMillis(700).toNanos());
                    if (call.input().has("bad")) return json("[]");
                    return json("{\"ok\":true}");
                }).build();
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        otel.close();
    }

    private SpanData span(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    private static long sum(Collection<MetricData> all, String metric, String key, String value) {
        return all.stream().filter(m -> m.getName().equals(metric))
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .filter(p -> value.equals(p.getAttributes().get(AttributeKey.stringKey(key))))
                .mapToLong(LongPointData::getValue).sum();
    }

    @Test
    void emitsAgentAndToolSpansWithGenAiAttributesInOneTrace() {
        runtime.invoke("diagnose.run", json("{}"), InvocationContext.create().withCorrelationId("corr-7"));

        SpanData outerAgent = span("invoke_agent diagnostics");
        SpanData outerTool = span("execute_tool diagnose.run");
        SpanData innerAgent = span("invoke_agent reader");
        SpanData innerTool = span("execute_tool k8s.read");

        assertThat(outerAgent.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")))
                .isEqualTo("invoke_agent");
        assertThat(outerAgent.getAttributes().get(AttributeKey.stringKey("gen_ai.agent.name"))).isEqualTo("diagnostics");
        assertThat(outerAgent.getAttributes().get(AttributeKey.stringKey("gen_ai.conversation.id"))).isEqualTo("corr-7");
        assertThat(innerTool.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")))
                .isEqualTo("execute_tool");
        assertThat(innerTool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("k8s.read");
        assertThat(innerAgent.getAttributes().get(AttributeKey.longKey("aiops.depth"))).isEqualTo(1L);
        // one trace: tool spans are children of their agent span, the subagent of the caller's tool span
        assertThat(List.of(outerTool, innerAgent, innerTool)).allSatisfy(
                s -> assertThat(s.getTraceId()).isEqualTo(outerAgent.getTraceId()));
        assertThat(outerTool.getParentSpanId()).isEqualTo(outerAgent.getSpanId());
        assertThat(innerAgent.getParentSpanId()).isEqualTo(outerTool.getSpanId());
        assertThat(innerTool.getParentSpanId()).isEqualTo(innerAgent.getSpanId());
    }

    @Test
    void recordsRedMetricsPerSkill() {
        runtime.invoke("k8s.read", json("{}"), InvocationContext.create());
        runtime.invoke("k8s.read", json("{}"), InvocationContext.create());
        runtime.invoke("k8s.read", json("{\"bad\":1}"), InvocationContext.create());

        Collection<MetricData> all = metrics.collectAllMetrics();

        assertThat(sum(all, "aiops.skill.calls", "aiops.skill", "k8s.read")).isEqualTo(3);
        assertThat(sum(all, "aiops.skill.errors", "error.type", "CONTRACT_BREACH")).isEqualTo(1);
        assertThat(sum(all, "aiops.skill.contract.breaches", "aiops.skill", "k8s.read")).isEqualTo(1);
        MetricData duration = all.stream().filter(m -> m.getName().equals("aiops.skill.duration")).findFirst()
                .orElseThrow();
        assertThat(duration.getUnit()).isEqualTo("s");
        assertThat(duration.getHistogramData().getPoints())
                .anySatisfy(p -> assertThat(p.getCount()).isEqualTo(2));
        SpanData failed = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("execute_tool k8s.read") && s.getStatus().getStatusCode() == StatusCode.ERROR)
                .findFirst().orElseThrow();
        assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("CONTRACT_BREACH");
    }

    @Test
    void countsCallsSlowerThanTheP95TargetAsSlaBreaches() {
        runtime.invoke("k8s.read", json("{}"), InvocationContext.create());
        runtime.invoke("k8s.read", json("{\"slow\":1}"), InvocationContext.create());

        Collection<MetricData> all = metrics.collectAllMetrics();

        assertThat(sum(all, "aiops.skill.sla.breaches", "aiops.sla.kind", "latency")).isEqualTo(1);
    }

    @Test
    void refusedCallsAreMeasuredToo() {
        runtime.invoke("no.such", json("{}"), InvocationContext.create());

        assertThat(sum(metrics.collectAllMetrics(), "aiops.skill.errors", "error.type", "UNKNOWN_SKILL")).isEqualTo(1);
    }
}
