package dev.aiops.core.runtime;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SchemaViolation;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.graph.GraphViolation;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Runs skills of a verified {@link CompositionGraph}. Every call is validated against its contract on the way
 * in and out, travels in an {@link Envelope}, runs under resilience4j decorators built from the skill's SLA,
 * is traced and measured, and is checked again at run time against the graph: a call deeper than
 * {@value CompositionGraph#MAX_DEPTH}, back to an agent already on the path, or to a skill the caller did not
 * declare is refused, however the call was chosen.
 */
public final class AgentRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);
    private static final String EXTERNAL_SOURCE = "aiops://external";
    private static final long NO_DEADLINE = Long.MAX_VALUE / 4;

    private final CompositionGraph graph;
    private final Map<String, SkillHandler> handlers;
    private final Map<String, SkillGuard> guards;
    private final IdempotencyStore idempotency;
    private final RuntimeTelemetry telemetry;
    private final @Nullable ExecutorService executor;
    private final Watchdog watchdog = new Watchdog();
    private final boolean ownsExecutor;
    private final Clock clock;
    private final java.util.function.LongSupplier ticker;

    private AgentRuntime(Builder b) {
        this.graph = b.graph;
        this.handlers = Map.copyOf(b.handlers);
        this.guards = new HashMap<>();
        for (SkillContract s : graph.skills()) {
            guards.put(s.name(), new SkillGuard(s, b.resilience));
        }
        this.clock = b.clock;
        this.ticker = b.ticker;
        this.idempotency = new IdempotencyStore(b.idempotencyMaxEntries, b.idempotencyTtl, b.clock);
        this.telemetry = new RuntimeTelemetry(b.openTelemetry);
        this.ownsExecutor = b.executor == null && b.isolate;
        this.executor = b.executor != null ? b.executor
                : b.isolate ? Executors.newCachedThreadPool(new SkillThreads()) : null;
    }

    /** Starts building a runtime for {@code graph}, which must have no errors. */
    public static Builder builder(CompositionGraph graph) {
        return new Builder(graph);
    }

    public CompositionGraph graph() {
        return graph;
    }

    /** The skills that have a handler in this runtime. */
    public Set<String> boundSkills() {
        return handlers.keySet();
    }

    /**
     * Invokes {@code skill} from outside the agent graph: its provider becomes the root of a new call path.
     * Never throws for a failed call; the result says what happened.
     */
    public InvocationResult invoke(String skill, JsonNode input, InvocationContext context) {
        Span caller = Span.current();
        String[] trace = RuntimeTelemetry.traceHeaders(caller);
        AgentDescriptor provider = graph.providerOf(skill);
        Envelope request = new Envelope(UUID.randomUUID().toString(), EXTERNAL_SOURCE, Envelope.TYPE_INVOKE, skill,
                clock.instant(), input, context.correlationId(), null, context.idempotencyKey(), 0,
                provider == null ? List.of() : List.of(provider.name()), context.deadline(), trace[0], trace[1]);
        return dispatch(request, null);
    }

    /**
     * Handles a request envelope that arrived over a transport (another process, a queue, an MCP bridge).
     * The caller is the agent before the callee on the envelope's path, or nobody when the path holds only the
     * callee; the same run-time rules apply as for calls made in process.
     */
    public InvocationResult invoke(Envelope request) {
        List<String> path = request.path();
        String caller = path.size() >= 2 ? path.get(path.size() - 2) : null;
        AgentDescriptor provider = graph.providerOf(request.subject());
        if (provider != null && !provider.name().equals(request.callee())) {
            return refuse(request, ErrorCode.UNKNOWN_SKILL, "skill '" + request.subject() + "' is provided by '"
                    + provider.name() + "', not by '" + request.callee() + "'", System.nanoTime());
        }
        return dispatch(request, caller);
    }

    /** A call made by a handler through {@link SkillCall#invoke}. */
    InvocationResult invokeFrom(Envelope parent, String skill, JsonNode input) {
        String caller = parent.callee();
        AgentDescriptor provider = graph.providerOf(skill);
        List<String> path = new ArrayList<>(parent.path());
        path.add(provider == null ? "?" : provider.name());
        String[] trace = RuntimeTelemetry.traceHeaders(Span.current());
        String key = parent.idempotencyKey() == null ? null
                : parent.idempotencyKey() + "/" + skill + "/" + Integer.toHexString(String.valueOf(input).hashCode());
        Envelope request = new Envelope(UUID.randomUUID().toString(), "aiops://agents/" + caller,
                Envelope.TYPE_INVOKE, skill, clock.instant(), input, parent.correlationId(), parent.id(), key,
                parent.depth() + 1, path, parent.deadline(), trace[0] != null ? trace[0] : parent.traceparent(),
                trace[0] != null ? trace[1] : parent.tracestate());
        return dispatch(request, caller);
    }

    private InvocationResult dispatch(Envelope request, @Nullable String caller) {
        long start = ticker.getAsLong();
        SkillContract contract = graph.skill(request.subject());
        if (contract == null) {
            return refuse(request, ErrorCode.UNKNOWN_SKILL, "no agent provides skill '" + request.subject() + "'",
                    start);
        }
        if (caller != null) {
            InvocationResult refused = checkCall(request, caller, start);
            if (refused != null) return refused;
        }
        return run(request, contract, start);
    }

    /** The run-time half of the graph rules: declared dependency, no revisit, bounded depth. */
    private @Nullable InvocationResult checkCall(Envelope request, @Nullable String caller, long start) {
        AgentDescriptor from = graph.agent(caller);
        String skill = request.subject();
        if (from == null || from.dependencyOn(skill) == null) {
            return refuse(request, ErrorCode.UNDECLARED_CALL, "agent '" + caller + "' did not declare a dependency"
                    + " on skill '" + skill + "'", start);
        }
        String callee = request.callee();
        List<String> before = request.path().subList(0, request.path().size() - 1);
        if (before.contains(callee)) {
            return refuse(request, ErrorCode.CYCLE, "calling '" + skill + "' would revisit agent '" + callee
                    + "': " + String.join(" -> ", request.path()), start);
        }
        int depth = Math.max(request.depth(), request.path().size() - 1);
        if (depth > CompositionGraph.MAX_DEPTH) {
            return refuse(request, ErrorCode.DEPTH_EXCEEDED, "calling '" + skill + "' would reach depth "
                    + depth + " (at most " + CompositionGraph.MAX_DEPTH + "): "
                    + String.join(" -> ", request.path()), start);
        }
        return null;
    }

    private InvocationResult run(Envelope request, SkillContract contract, long start) {
        Span agentSpan = telemetry.startAgentSpan(request);
        Span toolSpan = telemetry.startToolSpan(agentSpan, request, contract.version().toString());
        @Nullable InvocationResult result = null;
        @Nullable String ownedKey = null;
        try {
            SkillHandler handler = handlers.get(contract.name());
            if (handler == null) {
                result = failure(request, ErrorCode.NOT_BOUND, "skill '" + contract.name()
                        + "' has no handler in this runtime", List.of(), 0);
                return result;
            }
            JsonNode input = request.data() == null ? NullNode.getInstance() : request.data();
            List<SchemaViolation> invalid = contract.input().validate(input);
            if (!invalid.isEmpty()) {
                result = failure(request, ErrorCode.INVALID_INPUT, "input does not match the input schema of '"
                        + contract.name() + "'", invalid, 0);
                return result;
            }
            if (request.idempotencyKey() != null) {
                IdempotencyStore.Claim claim = idempotency.begin(contract.name(), request.idempotencyKey(), input);
                if (claim instanceof IdempotencyStore.Claim.Conflict) {
                    result = failure(request, ErrorCode.IDEMPOTENCY_CONFLICT, "idempotency key '"
                            + request.idempotencyKey() + "' was already used with a different input", List.of(), 0);
                    return result;
                }
                if (claim instanceof IdempotencyStore.Claim.Replay replay) {
                    result = awaitReplay(request, replay);
                    return result;
                }
                ownedKey = ((IdempotencyStore.Claim.Owner) claim).key();
            }
            result = execute(request, contract, handler, toolSpan);
            return result;
        } finally {
            // an Error that escaped the guard left no result: record the call as failed instead of masking the
            // Error with a NullPointerException here (and release the idempotency key for a retry)
            InvocationResult done = result != null ? result : failure(request, ErrorCode.HANDLER_ERROR,
                    "'" + contract.name() + "' ended with an unexpected error", List.of(), 0);
            if (ownedKey != null) {
                idempotency.complete(ownedKey, done);
            }
            telemetry.finish(agentSpan, toolSpan, request, done, ticker.getAsLong() - start,
                    contract.sla().p95Latency().toNanos());
            log(request, done, start);
        }
    }

    private InvocationResult execute(Envelope request, SkillContract contract, SkillHandler handler, Span toolSpan) {
        long deadlineNanos = request.deadline() == null ? System.nanoTime() + NO_DEADLINE
                : System.nanoTime() + Duration.between(clock.instant(), request.deadline()).toNanos();
        SkillGuard.Outcome outcome = Objects.requireNonNull(guards.get(contract.name())).execute(attempt -> {
            MDC.put("correlationId", request.correlationId());
            MDC.put("agent", request.callee());
            MDC.put("skill", contract.name());
            try (Scope ignored = toolSpan.makeCurrent()) {
                return handler.handle(new SkillCall(this, request, contract, attempt));
            } finally {
                MDC.remove("correlationId");
                MDC.remove("agent");
                MDC.remove("skill");
            }
        }, executor, watchdog, deadlineNanos);
        if (outcome.error() != null) {
            return failure(request, outcome.error(), String.valueOf(outcome.message()), List.of(), outcome.attempts());
        }
        JsonNode output = (JsonNode) outcome.value();
        List<SchemaViolation> breach = output == null
                ? List.of(new SchemaViolation("", "type", "handler returned no output"))
                : contract.output().validate(output);
        if (!breach.isEmpty()) {
            return failure(request, ErrorCode.CONTRACT_BREACH, "output of '" + contract.name()
                    + "' does not match its output schema", breach, outcome.attempts());
        }
        return new InvocationResult(output, null, null, List.of(),
                respond(request, Envelope.TYPE_RESULT, Objects.requireNonNull(output)), outcome.attempts(), false);
    }

    private InvocationResult awaitReplay(Envelope request, IdempotencyStore.Claim.Replay replay) {
        // only a call to a known skill gets as far as claiming its key
        SkillContract contract = Objects.requireNonNull(graph.skill(request.subject()));
        try {
            return replay.result().get(contract.sla().timeout().toMillis(), TimeUnit.MILLISECONDS).asReplay();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(request, ErrorCode.INTERRUPTED, "interrupted while waiting for the first call with key '"
                    + request.idempotencyKey() + "'", List.of(), 0);
        } catch (ExecutionException | TimeoutException e) {
            return failure(request, ErrorCode.TIMEOUT, "the first call with idempotency key '"
                    + request.idempotencyKey() + "' did not finish in time", List.of(), 0);
        }
    }

    private InvocationResult refuse(Envelope request, ErrorCode code, String message, long start) {
        InvocationResult result = failure(request, code, message, List.of(), 0);
        SkillContract contract = graph.skill(request.subject());
        Span agentSpan = telemetry.startAgentSpan(request);
        telemetry.finish(agentSpan, null, request, result, ticker.getAsLong() - start,
                contract == null ? Long.MAX_VALUE : contract.sla().p95Latency().toNanos());
        log(request, result, start);
        return result;
    }

    private InvocationResult failure(Envelope request, ErrorCode code, String message,
                                     List<SchemaViolation> violations, int attempts) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("code", code.name());
        data.put("message", message);
        var array = data.putArray("violations");
        for (SchemaViolation v : violations) {
            array.addObject().put("pointer", v.pointer()).put("keyword", v.keyword()).put("message", v.message());
        }
        return new InvocationResult(null, code, message, violations, respond(request, Envelope.TYPE_ERROR, data),
                attempts, false);
    }

    private Envelope respond(Envelope request, String type, JsonNode data) {
        String callee = request.callee();
        return new Envelope(UUID.randomUUID().toString(),
                callee == null ? EXTERNAL_SOURCE : "aiops://agents/" + callee, type, request.subject(),
                clock.instant(), data, request.correlationId(), request.id(), request.idempotencyKey(),
                request.depth(), request.path(), request.deadline(), request.traceparent(), request.tracestate());
    }

    private void log(Envelope request, InvocationResult result, long start) {
        if (!LOG.isDebugEnabled() && result.isSuccess()) return;
        long micros = (ticker.getAsLong() - start) / 1000;
        MDC.put("correlationId", request.correlationId());
        MDC.put("agent", String.valueOf(request.callee()));
        MDC.put("skill", request.subject());
        try {
            if (result.isSuccess()) {
                LOG.debug("{} ok in {} us (attempts {}{})", request.subject(), micros, result.attempts(),
                        result.replayed() ? ", replayed" : "");
            } else {
                LOG.info("{} failed with {} in {} us: {}", request.subject(), result.error(), micros, result.message());
            }
        } finally {
            MDC.remove("correlationId");
            MDC.remove("agent");
            MDC.remove("skill");
        }
    }

    /** Stops the runtime's own threads; an executor passed to the builder is left running. */
    @Override
    public void close() {
        watchdog.close();
        if (ownsExecutor && executor != null) {
            executor.shutdownNow();
        }
    }

    /** Builds an {@link AgentRuntime}; see {@link AgentRuntime#builder}. */
    public static final class Builder {
        public static final int DEFAULT_IDEMPOTENCY_MAX_ENTRIES = 10_000;
        public static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofMinutes(15);

        private final CompositionGraph graph;
        private final Map<String, SkillHandler> handlers = new HashMap<>();
        private OpenTelemetry openTelemetry = OpenTelemetry.noop();
        private ResilienceSettings resilience = ResilienceSettings.defaults();
        private java.util.function.LongSupplier ticker = System::nanoTime;
        private int idempotencyMaxEntries = DEFAULT_IDEMPOTENCY_MAX_ENTRIES;
        private Duration idempotencyTtl = DEFAULT_IDEMPOTENCY_TTL;
        private Clock clock = Clock.systemUTC();
        private @Nullable ExecutorService executor;
        private boolean isolate;

        private Builder(CompositionGraph graph) {
            this.graph = graph;
        }

        /** Binds the code of {@code skill}; the skill must be declared by an agent of the graph. */
        public Builder bind(String skill, SkillHandler handler) {
            if (graph.skill(skill) == null) {
                throw new IllegalArgumentException("cannot bind '" + skill + "': no agent in the graph declares it");
            }
            if (handlers.putIfAbsent(skill, handler) != null) {
                throw new IllegalArgumentException("skill '" + skill + "' is already bound");
            }
            return this;
        }

        public Builder openTelemetry(OpenTelemetry otel) {
            this.openTelemetry = otel;
            return this;
        }

        public Builder resilience(ResilienceSettings settings) {
            this.resilience = settings;
            return this;
        }

        /** Bounds the idempotency store: at most {@code maxEntries} results, each kept for {@code ttl}. */
        public Builder idempotency(int maxEntries, Duration ttl) {
            this.idempotencyMaxEntries = maxEntries;
            this.idempotencyTtl = ttl;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Where call durations (metrics, SLA breaches, logs) are read, in nanoseconds; {@code System::nanoTime} by
         * default. Tests pass their own to make latency deterministic; deadlines and time limits stay on real time.
         */
        public Builder ticker(java.util.function.LongSupplier nanoTime) {
            this.ticker = nanoTime;
            return this;
        }

        /**
         * Runs every handler on a thread of its own (the runtime's cached pool of daemon threads), so that a handler
         * that ignores interruption still lets its caller go at the timeout. By default handlers run on the calling
         * thread, and a watchdog interrupts them at the timeout: much cheaper, and enough for handlers that block in
         * interruptible calls (see ADR 0006).
         */
        public Builder isolateHandlers() {
            this.isolate = true;
            return this;
        }

        /** Like {@link #isolateHandlers()}, on {@code executor}; it is left running when the runtime closes. */
        public Builder executor(ExecutorService executor) {
            this.executor = executor;
            this.isolate = true;
            return this;
        }

        /**
         * @throws IllegalStateException listing every error of the graph when it is not valid
         */
        public AgentRuntime build() {
            List<GraphViolation> errors = graph.errors();
            if (!errors.isEmpty()) {
                throw new IllegalStateException("the composition graph has " + errors.size() + " error(s): "
                        + errors.stream().map(GraphViolation::message).collect(Collectors.joining("; ")));
            }
            return new AgentRuntime(this);
        }
    }

    private static final class SkillThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "aiops-skill-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
