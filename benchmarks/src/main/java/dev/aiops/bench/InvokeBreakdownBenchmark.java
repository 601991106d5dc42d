package dev.aiops.bench;

import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.aiops.core.contract.JsonSchema;
import dev.aiops.core.contract.SchemaViolation;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
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
import tools.jackson.databind.JsonNode;

/**
 * Where the time of {@link InvokeOverheadBenchmark#runtimeNoop} goes, measured with public API only (no
 * change to agents-core):
 * <ul>
 *   <li>{@code runtime*Inline*}: the same runtime with an executor that runs the handler on the calling thread,
 *       which removes the thread hand-off of the time limiter and nothing else;</li>
 *   <li>{@code runtime*TrivialSchemas}: the same runtime with {@code {"type":"object"}} as input and output
 *       schema, which removes almost all of the validation;</li>
 *   <li>{@code validateInput}, {@code validateOutput}: the two schema validations alone;
 *       {@code validate*Boolean}: the same schemas compiled the same way but asked only for valid/invalid
 *       ({@link OutputFormat#BOOLEAN}), a possible fast path;</li>
 *   <li>{@code handoffSubmitGet}, {@code handoffTimeLimiter}: a bare hand-off to a cached thread pool and
 *       back, without and with resilience4j's {@link TimeLimiter} (what every attempt does);</li>
 *   <li>{@code uuid}: one {@link UUID#randomUUID()}; a top-level invoke makes three (correlation id, request
 *       and result envelope ids).</li>
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InvokeBreakdownBenchmark {

    /** Runs every task on the thread that submits it. */
    static final class CallerRuns extends AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    @State(Scope.Benchmark)
    public static class Runtimes {
        JsonNode input;
        JsonNode output;
        AgentRuntime noopInline;
        AgentRuntime noopTrivialSchemas;
        AgentRuntime noopInlineTrivialSchemas;
        SdkTelemetry telemetry;
        AgentRuntime sdkInline;

        @Setup(Level.Trial)
        public void setUp() {
            input = InvokeFixture.input();
            output = InvokeFixture.output();
            noopInline = InvokeFixture.runtime(OpenTelemetry.noop(), true, new CallerRuns(), output);
            noopTrivialSchemas = InvokeFixture.runtime(OpenTelemetry.noop(), false, null, output);
            noopInlineTrivialSchemas = InvokeFixture.runtime(OpenTelemetry.noop(), false, new CallerRuns(), output);
            telemetry = new SdkTelemetry();
            sdkInline = InvokeFixture.runtime(telemetry.sdk(), true, new CallerRuns(), output);
            for (AgentRuntime r : List.of(noopInline, noopTrivialSchemas, noopInlineTrivialSchemas, sdkInline)) {
                InvokeFixture.expectSuccess(r, input, output);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            for (AgentRuntime r : List.of(noopInline, noopTrivialSchemas, noopInlineTrivialSchemas, sdkInline)) {
                r.close();
            }
            long spans = telemetry.flushedSpans();
            long calls = telemetry.countedCalls();
            System.out.printf("%n[breakdown sdk] %d calls counted, %d spans exported (%d dropped)%n",
                    calls, spans, 2 * calls - spans);
            telemetry.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Schemas {
        JsonSchema inputSchema;
        JsonSchema outputSchema;
        Schema inputCompiled;
        Schema outputCompiled;
        JsonNode input;
        JsonNode output;

        @Setup(Level.Trial)
        public void setUp() {
            var contract = InvokeFixture.contract(true);
            inputSchema = contract.input();
            outputSchema = contract.output();
            // compiled as JsonSchema compiles them, to try a cheaper output format on the very same schema
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
            inputCompiled = registry.getSchema(inputSchema.node());
            outputCompiled = registry.getSchema(outputSchema.node());
            input = InvokeFixture.input();
            output = InvokeFixture.output();
            GraphValidationBenchmark.check(inputCompiled.validate(input, OutputFormat.BOOLEAN)
                    && outputCompiled.validate(output, OutputFormat.BOOLEAN), "documents do not validate");
            GraphValidationBenchmark.check(!inputCompiled.validate(output, OutputFormat.BOOLEAN),
                    "the boolean format accepts a wrong document");
        }
    }

    @State(Scope.Benchmark)
    public static class Handoff {
        ExecutorService pool;
        TimeLimiter limiter;
        Callable<Object> task;

        @Setup(Level.Trial)
        public void setUp() {
            pool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "bench-handoff");
                t.setDaemon(true);
                return t;
            });
            limiter = TimeLimiter.of(TimeLimiterConfig.custom()
                    .timeoutDuration(Duration.ofSeconds(30)).cancelRunningFuture(true).build());
            Object value = new Object();
            task = () -> value;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.shutdownNow();
        }
    }

    @Benchmark
    public InvocationResult runtimeNoopInline(Runtimes r) {
        return r.noopInline.invoke(InvokeFixture.SKILL, r.input, InvocationContext.create());
    }

    @Benchmark
    public InvocationResult runtimeNoopTrivialSchemas(Runtimes r) {
        return r.noopTrivialSchemas.invoke(InvokeFixture.SKILL, r.input, InvocationContext.create());
    }

    @Benchmark
    public InvocationResult runtimeNoopInlineTrivialSchemas(Runtimes r) {
        return r.noopInlineTrivialSchemas.invoke(InvokeFixture.SKILL, r.input, InvocationContext.create());
    }

    @Benchmark
    public InvocationResult runtimeSdkInline(Runtimes r) {
        return r.sdkInline.invoke(InvokeFixture.SKILL, r.input, InvocationContext.create());
    }

    @Benchmark
    public List<SchemaViolation> validateInput(Schemas s) {
        return s.inputSchema.validate(s.input);
    }

    @Benchmark
    public List<SchemaViolation> validateOutput(Schemas s) {
        return s.outputSchema.validate(s.output);
    }

    @Benchmark
    public boolean validateInputBoolean(Schemas s) {
        return s.inputCompiled.validate(s.input, OutputFormat.BOOLEAN);
    }

    @Benchmark
    public boolean validateOutputBoolean(Schemas s) {
        return s.outputCompiled.validate(s.output, OutputFormat.BOOLEAN);
    }

    @Benchmark
    public Object handoffSubmitGet(Handoff h) throws Exception {
        return h.pool.submit(h.task).get();
    }

    @Benchmark
    public Object handoffTimeLimiter(Handoff h) throws Exception {
        return h.limiter.executeFutureSupplier(() -> h.pool.submit(h.task));
    }

    @Benchmark
    public UUID uuid() {
        return UUID.randomUUID();
    }
}
