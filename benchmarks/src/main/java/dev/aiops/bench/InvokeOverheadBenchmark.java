package dev.aiops.bench;

import static dev.aiops.bench.GraphValidationBenchmark.check;

import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import io.opentelemetry.api.OpenTelemetry;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.JsonNode;

/**
 * What {@link AgentRuntime#invoke} adds around a handler: a skill with ~1 KB input and output schemas whose
 * handler returns a precomputed ~1 KB output, called
 * <ol>
 *   <li>{@code direct}: as a plain function doing what the handler does (the baseline);</li>
 *   <li>{@code runtimeNoop}: through the runtime with {@link OpenTelemetry#noop()};</li>
 *   <li>{@code runtimeSdk}: through the runtime with an OpenTelemetry SDK that samples every span into a batch
 *       processor and aggregates the metrics ({@link SdkTelemetry}).</li>
 * </ol>
 * Each runtime call is a full top-level invocation as a caller makes it, including
 * {@link InvocationContext#create()}. Sampled, so the percentiles are reported. Target: p50 of
 * {@code runtimeNoop} minus p50 of {@code direct} under 20 us.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InvokeOverheadBenchmark {

    /** The input and the precomputed output, shared by every variant. */
    @State(Scope.Benchmark)
    public static class Payload {
        JsonNode input;
        JsonNode output;

        @Setup(Level.Trial)
        public void setUp() {
            input = InvokeFixture.input();
            output = InvokeFixture.output();
            int in = InvokeFixture.size(input);
            int out = InvokeFixture.size(output);
            check(in > 800 && in < 1400, "input should be about 1 KB, is " + in + " bytes");
            check(out > 800 && out < 1400, "output should be about 1 KB, is " + out + " bytes");
            check(InvokeFixture.contract(true).input().validate(input).isEmpty(), "input breaks its schema");
            check(InvokeFixture.contract(true).output().validate(output).isEmpty(), "output breaks its schema");
            System.out.printf("%n[invoke] input %d bytes, output %d bytes (compact JSON)%n", in, out);
        }
    }

    @State(Scope.Benchmark)
    public static class Direct {
        Function<JsonNode, JsonNode> handler;

        @Setup(Level.Trial)
        public void setUp(Payload p) {
            JsonNode output = p.output;
            handler = in -> output;
        }
    }

    @State(Scope.Benchmark)
    public static class NoopRuntime {
        AgentRuntime runtime;

        @Setup(Level.Trial)
        public void setUp(Payload p) {
            runtime = InvokeFixture.runtime(OpenTelemetry.noop(), true, null, p.output);
            InvokeFixture.expectSuccess(runtime, p.input, p.output);
        }

        @TearDown(Level.Iteration)
        public void stillWorks(Payload p) {
            InvokeFixture.expectSuccess(runtime, p.input, p.output);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            runtime.close();
        }
    }

    @State(Scope.Benchmark)
    public static class SdkRuntime {
        SdkTelemetry telemetry;
        AgentRuntime runtime;

        @Setup(Level.Trial)
        public void setUp(Payload p) {
            telemetry = new SdkTelemetry();
            runtime = InvokeFixture.runtime(telemetry.sdk(), true, null, p.output);
            InvokeFixture.expectSuccess(runtime, p.input, p.output);
        }

        @TearDown(Level.Iteration)
        public void stillWorks(Payload p) {
            InvokeFixture.expectSuccess(runtime, p.input, p.output);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            long spans = telemetry.flushedSpans();
            long calls = telemetry.countedCalls();
            System.out.printf("%n[invoke sdk] %d calls counted, %d spans exported (%d dropped), %d metric streams%n",
                    calls, spans, 2 * calls - spans, telemetry.metricStreams());
            check(calls > 0 && spans > 0, "the SDK recorded nothing");
            check(spans == 2 * calls, "spans were dropped: the SDK figures would be too optimistic");
            runtime.close();
            telemetry.close();
        }
    }

    @Benchmark
    public JsonNode direct(Direct d, Payload p) {
        return d.handler.apply(p.input);
    }

    @Benchmark
    public InvocationResult runtimeNoop(NoopRuntime r, Payload p) {
        return r.runtime.invoke(InvokeFixture.SKILL, p.input, InvocationContext.create());
    }

    @Benchmark
    public InvocationResult runtimeSdk(SdkRuntime r, Payload p) {
        return r.runtime.invoke(InvokeFixture.SKILL, p.input, InvocationContext.create());
    }
}
