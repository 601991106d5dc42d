package dev.aiops.bench;

import dev.aiops.composite.oncall.ClusterAccess;
import dev.aiops.composite.oncall.OnCallAgent;
import dev.aiops.composite.oncall.SessionStore;
import dev.aiops.composite.oncall.Turn;
import dev.aiops.composite.oncall.TurnListener;
import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.contract.DescriptorSet;
import dev.aiops.core.llm.Cancellation;
import dev.aiops.core.llm.LlmGateway;
import dev.aiops.core.llm.LlmResilience;
import dev.aiops.core.llm.UsageLog;
import dev.aiops.core.prompt.PromptRegistry;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.LiveClusterReader;
import dev.aiops.infra.k8s.LiveReadOptions;
import dev.aiops.infra.k8s.demo.DemoCluster;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The on-call agent's own cost per turn: everything but the model, with an in-process model that answers at once.
 * One {@code agent.turn(question)} is the session's user record, the {@code oncall.ask} invocation through the
 * runtime (schema checks, envelope), the conversation assembled within the context budget ({@code ContextAssembler}),
 * the tool loop through the {@link LlmGateway} (budget check, rate limiter, breaker, retry, usage record), the answer
 * checked against the cluster's names ({@code Grounding}), the findings it cites, and the answer and usage records
 * appended to the session file on disk.
 *
 * <p>The history must stay at {@code turns} while it is measured, and every measured turn adds one, so this is a
 * single-shot benchmark: each iteration builds a fresh agent (new session file), fills its conversation with
 * {@code turns} short turns in {@code @Setup(Level.Iteration)}, then one invocation measures one more turn (a
 * question never asked before, so its tokens are counted cold, as in a session). The trial's setup first runs 2,000
 * turns on throw-away agents, so the JIT has compiled the path whatever {@code turns} is.
 *
 * <ul>
 *   <li>{@code answer}: the model answers the question at once (54 words on three lines, naming demo objects);</li>
 *   <li>{@code toolCall}: the model first calls {@code k8s_events_list} for namespace {@code web} (7 events, run
 *       through the runtime against the snapshot, redacted, appended to the session), then answers: two model
 *       calls in the turn. The history is the same plain question-and-answer turns.</li>
 * </ul>
 *
 * <p>Cluster: the demo cluster read once per trial into a snapshot ({@link ClusterAccess#ofSnapshot}), so no network
 * is involved. Every iteration checks the measured turn (a grounded model answer, the tool call when asked for) and
 * that its request carried the whole history (nothing pruned). The trial's teardown prints, to the fork's stderr,
 * the size of that request (messages, tokens) and, over the measured turns, the median wall time, the CPU time of
 * the calling thread (less sensitive to other load on a shared machine) and the bytes it allocated.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class OnCallTurnBenchmark {

    static final String MODEL = "gpt-4o-mini";
    static final int WARM_TURNS = 2_000;
    static final int SCRATCH_TURNS = 5;

    @Param({"10", "100", "1000"})
    public int turns;

    /** An in-process model: answers at once, or first asks for one {@code k8s_events_list} call. */
    static final class InstantModel implements ChatModel {
        volatile boolean toolCall;
        long calls;
        /** Messages in the first request of the last turn (the assembled conversation, system prompt included). */
        int firstRequestMessages;
        ChatRequest lastFirstRequest;

        @Override
        public ChatResponse doChat(ChatRequest request) {
            long n = ++calls;
            List<ChatMessage> m = request.messages();
            ChatMessage last = m.get(m.size() - 1);
            if (last instanceof UserMessage) {
                firstRequestMessages = m.size();
                lastFirstRequest = request;
                if (toolCall) {
                    ToolExecutionRequest call = ToolExecutionRequest.builder().id("call_" + n)
                            .name("k8s_events_list").arguments("{\"namespace\":\"web\",\"involvedObject\":null}")
                            .build();
                    return ChatResponse.builder().aiMessage(AiMessage.from(call))
                            .finishReason(FinishReason.TOOL_EXECUTION).tokenUsage(new TokenUsage(1_200, 25)).build();
                }
            }
            return ChatResponse.builder().aiMessage(AiMessage.from(answer(n))).finishReason(FinishReason.STOP)
                    .tokenUsage(new TokenUsage(1_200, 90)).build();
        }

        /**
         * 54 words (83 tokens) naming objects the demo cluster has, unique per call so that it is counted like a new
         * answer. Short enough that 1,000 turns of it stay under the 80% line of gpt-4o-mini's 128k window.
         */
        static String answer(long n) {
            return "Deployment payments/payments-api is crash-looping: it cannot reach its database on port 5432,"
                    + " because Service payments/payments-db selects no pod at all (check " + n + ").\n"
                    + "Deployment web/frontend waits for an image tag that does not exist in the registry.\n"
                    + "Roll back with `kubectl rollout undo deployment/frontend -n web` once you approve, and I will"
                    + " check both again.\n";
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    Path dir;
    ClusterSnapshot snapshot;
    ClusterAccess cluster;
    DescriptorSet descriptors;
    PromptRegistry prompts;
    InstantModel model;
    LlmGateway gateway;
    AuditLog audit;
    SessionStore sessions;
    OnCallAgent agent;
    OnCallAgent scratch;
    int scratchUses;
    Turn lastTurn;
    long asked;
    boolean measuring;
    /** Per measured turn (measurement iterations only): wall time, CPU time of this thread, bytes it allocated. */
    long[] wallNanos = new long[64];
    long[] cpuNanos = new long[64];
    long[] allocatedBytes = new long[64];
    int samples;
    int iterations;
    int firstRequestMessages;

    @Setup(Level.Trial)
    public void setUpTrial() throws IOException {
        try (DemoCluster demo = DemoCluster.start()) {
            snapshot = LiveClusterReader.read(demo.client(), LiveReadOptions.defaults());
        }
        cluster = ClusterAccess.ofSnapshot(snapshot);
        descriptors = DescriptorLoader.loadClasspath("skills", OnCallTurnBenchmark.class.getClassLoader());
        if (!descriptors.problems().isEmpty()) {
            throw new IllegalStateException("descriptor problems: " + descriptors.problems());
        }
        prompts = PromptRegistry.fromClasspath();
        dir = Files.createTempDirectory("aiops-oncall-bench");
        audit = AuditLog.appendingTo(dir.resolve("audit.jsonl"));
        sessions = new SessionStore(dir.resolve("sessions"), Clock.systemUTC());
        model = new InstantModel();
        gateway = LlmGateway.builder(model, MODEL).usageLog(UsageLog.inMemory())
                // the default limit (50 calls/s) would pace the turns; the limiter stays in the path
                .resilience(LlmResilience.DEFAULT.withRateLimit(1_000_000, Duration.ofSeconds(1)))
                // called on the caller's thread, as the default (OpenAI) provider is
                .providerEnforcesTimeout()
                .build();
        // compile the whole path, both variants, whatever the history length of this trial
        // (in sessions of 20 turns: the events answer is ~2,000 tokens, and 45 such turns would fill the budget)
        for (int done = 0; done < WARM_TURNS; done += 20) {
            model.toolCall = done % 80 == 60;
            try (OnCallAgent a = newAgent()) {
                for (int i = 0; i < 20; i++) {
                    check(a.turn("warm-up question " + (++asked) + ": how is Deployment payments/payments-api?",
                            TurnListener.NONE, Cancellation.create()));
                }
                Files.deleteIfExists(a.sessionFile());
            }
        }
        model.toolCall = false;
    }

    OnCallAgent newAgent() {
        return OnCallAgent.builder(cluster, descriptors).gateway(gateway, prompts).audit(audit).sessions(sessions)
                .drafts(dir.resolve("drafts")).streaming(false).build();
    }

    static Turn check(Turn t) {
        if (t.kind() != Turn.Kind.MODEL || !t.ungrounded().isEmpty() || t.cancelled()) {
            throw new IllegalStateException("unexpected turn: " + t.kind() + ", ungrounded " + t.ungrounded() + ", "
                    + t.answer());
        }
        return t;
    }

    /** A fresh session with {@code turns} questions and answers in its conversation. */
    @Setup(Level.Iteration)
    public void fill(IterationParams iteration) throws IOException {
        fill(iteration.getType() == IterationType.MEASUREMENT);
    }

    /** Also for drivers outside JMH (profiling): {@code measuring} says whether the next turn counts. */
    public void fill(boolean measuring) throws IOException {
        this.measuring = measuring;
        model.toolCall = false;
        agent = newAgent();
        for (int i = 0; i < turns; i++) {
            // never the same text twice in a trial: the token counter caches a message's count under the first
            // equal message it saw, so a question repeated from an earlier (dropped) session would lose its count
            // when that one is collected and be counted again in the measured turn
            check(agent.turn("turn " + (++asked) + ": how is payments?", TurnListener.NONE, Cancellation.create()));
        }
        // The same state before every measured turn, whatever the history. Token counts of long texts are cached
        // weakly, so the previous iteration's events output (the same text every time) would still be cached after
        // a short fill and gone after a long one; after a full collection it is counted again in every measured
        // turn, as a new tool output always is in a session. A collection also leaves cold caches and fresh heap
        // regions behind, which a session turn does not pay for: a few answers on a scratch session take that
        // (and count the system prompt and tool definitions again, which a session keeps cached between
        // collections). The young generation is then nearly empty, so the measured turn does not include a
        // collection; the allocation per turn is reported separately.
        System.gc();
        if (scratch == null || ++scratchUses > 20) {
            closeScratch();
            scratch = newAgent();
            scratchUses = 0;
        }
        model.toolCall = false;
        for (int i = 0; i < SCRATCH_TURNS; i++) {
            check(scratch.turn("turn " + (++asked) + ": how is payments?", TurnListener.NONE,
                    Cancellation.create()));
        }
    }

    private void closeScratch() throws IOException {
        if (scratch != null) {
            scratch.close();
            Files.deleteIfExists(scratch.sessionFile());
            scratch = null;
        }
    }

    @TearDown(Level.Iteration)
    public void drop() throws IOException {
        check(lastTurn);
        List<String> tools = lastTurn.tools();
        if (model.toolCall ? tools.size() != 1 || !tools.get(0).endsWith("-> ok") : !tools.isEmpty()) {
            throw new IllegalStateException("unexpected tool calls in the measured turn: " + tools);
        }
        // the measured turn saw the whole history: system prompt, 2 x turns messages, its question
        int seen = model.firstRequestMessages;
        if (seen != 2 * turns + 2) {
            throw new IllegalStateException("the measured turn's request had " + seen + " messages, not "
                    + (2 * turns + 2) + ": the conversation was pruned");
        }
        firstRequestMessages = seen;
        iterations++;
        agent.close();
        Files.deleteIfExists(agent.sessionFile());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ChatRequest last = model.lastFirstRequest;
        int tokens = gateway.tokenCounter().count(last.messages(), last.toolSpecifications());
        int n = samples;
        System.err.printf("%nturns=%d: %d measured turns (%d iterations in all), each request of %d messages, %d"
                        + " prompt tokens (%.1f%% of the %d window; pruning from 80%%), nothing pruned%n", turns, n,
                iterations, firstRequestMessages, tokens, 100.0 * tokens / gateway.model().contextWindow(),
                gateway.model().contextWindow());
        System.err.printf("turns=%d: per measured turn: wall median %.0f us, mean %.0f us; CPU of the calling thread"
                        + " median %.0f us, mean %.0f us; allocated mean %.1f KB%n", turns,
                median(wallNanos, n) / 1e3, mean(wallNanos, n) / 1e3, median(cpuNanos, n) / 1e3,
                mean(cpuNanos, n) / 1e3, mean(allocatedBytes, n) / 1024);
        closeScratch();
        gateway.close();
        cluster.close();
        audit.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Turn measured() {
        long id = Thread.currentThread().getId();
        long bytes = THREADS.getThreadAllocatedBytes(id);
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        Turn t = agent.turn("turn " + (++asked) + ": and now?", TurnListener.NONE, Cancellation.create());
        wall = System.nanoTime() - wall;
        cpu = THREADS.getCurrentThreadCpuTime() - cpu;
        bytes = THREADS.getThreadAllocatedBytes(id) - bytes;
        if (measuring) {
            if (samples == wallNanos.length) {
                wallNanos = Arrays.copyOf(wallNanos, 2 * samples);
                cpuNanos = Arrays.copyOf(cpuNanos, 2 * samples);
                allocatedBytes = Arrays.copyOf(allocatedBytes, 2 * samples);
            }
            wallNanos[samples] = wall;
            cpuNanos[samples] = cpu;
            allocatedBytes[samples++] = bytes;
        }
        lastTurn = t;
        return t;
    }

    static double median(long[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        long[] v = Arrays.copyOf(values, n);
        Arrays.sort(v);
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }

    static double mean(long[] values, int n) {
        return n == 0 ? Double.NaN : Arrays.stream(values, 0, n).average().orElse(Double.NaN);
    }

    @Benchmark
    public Turn answer() {
        model.toolCall = false;
        return measured();
    }

    @Benchmark
    public Turn toolCall() {
        model.toolCall = true;
        return measured();
    }
}
