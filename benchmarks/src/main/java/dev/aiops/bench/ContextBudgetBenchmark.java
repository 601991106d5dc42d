package dev.aiops.bench;

import dev.aiops.core.context.ContextAssembler;
import dev.aiops.core.context.Conversation;
import dev.aiops.core.context.PruningStrategy;
import dev.aiops.core.llm.ModelCatalog;
import dev.aiops.core.llm.ModelInfo;
import dev.aiops.core.llm.TokenCounter;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Context budgets at scale:
 * <ul>
 *   <li>{@code pruneMillionTokens}: a conversation of about 1,000,000 tokens (questions, tool calls with log
 *       outputs, answers) assembled for gpt-4o (128k window), which prunes it to budget. Target &lt; 50 ms.</li>
 *   <li>{@code countOneMegabyte}: jtokkit counting 1 MB of log-like text with a fresh counter (throughput).</li>
 *   <li>{@code nextTurn}: one new turn (a fresh question, counted) and the request assembled, on conversations of
 *       100 / 1,000 / 10,000 turns kept whole (gpt-4.1, 1M window): the per-turn cost as the conversation
 *       grows.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ContextBudgetBenchmark {

    static final String[] WORDS = ("pod deployment checkout payments CrashLoopBackOff OOMKilled readiness probe "
            + "port 8080 secret DB_URL configmap namespace prod rollout events warning backoff container image "
            + "v2.3.1 node NotReady memory 512Mi cpu throttling 429 timeout ERROR at com.shop.Checkout.main").split(" ");

    static String text(Random r, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(WORDS[r.nextInt(WORDS.length)]).append(i % 15 == 14 ? '\n' : ' ');
        }
        return sb.toString();
    }

    /** Messages of a conversation: per turn a question, a tool call, its ~1,500-word output and an answer. */
    static List<ChatMessage> messages(int turns, int outputWords, long seed) {
        Random r = new Random(seed);
        List<ChatMessage> out = new ArrayList<>();
        for (int t = 0; t < turns; t++) {
            out.add(UserMessage.from("question " + t + ": " + text(r, 30)));
            ToolExecutionRequest q = ToolExecutionRequest.builder().id("call_" + t).name("k8s_logs_tail")
                    .arguments("{\"pod\":\"api-" + t + "\"}").build();
            out.add(AiMessage.from(q));
            out.add(ToolExecutionResultMessage.from(q, text(r, outputWords)));
            out.add(AiMessage.from("answer " + t + ": " + text(r, 40)));
        }
        return out;
    }

    @State(Scope.Benchmark)
    public static class Million {
        @Param({"SLIDING_WINDOW", "TOOL_OUTPUT_TRIMMING"})
        public String strategy;
        ModelInfo model;
        TokenCounter counter;
        List<ChatMessage> messages;
        ContextAssembler assembler;
        Conversation conversation;

        @Setup(Level.Trial)
        public void build() {
            model = ModelCatalog.builtIn().lookup("gpt-4o");
            counter = TokenCounter.forModel(model);
            messages = messages(500, 1_000, 7);
            Conversation probe = new Conversation(counter);
            messages.forEach(probe::add);
            System.out.printf("%n[context] conversation of %d messages, %,d tokens%n", messages.size(), probe.tokens());
            assembler = ContextAssembler.builder(model, counter).system("You are the on-call agent.")
                    .strategy(PruningStrategy.valueOf(strategy)).keepLastTurns(3).build();
        }

        /**
         * A fresh, unpruned conversation with a fresh counter each time, so what pruning writes (trimmed texts) is
         * counted cold, as in a real session; counting the conversation itself happens here, unmeasured, as it
         * happens turn by turn in a session.
         */
        @Setup(Level.Invocation)
        public void fresh() {
            TokenCounter cold = TokenCounter.forModel(model);
            conversation = new Conversation(cold);
            messages.forEach(conversation::add);
            assembler = ContextAssembler.builder(model, cold).system("You are the on-call agent.")
                    .strategy(PruningStrategy.valueOf(strategy)).keepLastTurns(3).build();
        }
    }

    @Benchmark
    public int pruneMillionTokens(Million s) {
        return s.assembler.assemble(s.conversation, List.of(), null).promptTokens();
    }

    @State(Scope.Benchmark)
    public static class Megabyte {
        String text;
        ModelInfo model;

        @Setup(Level.Trial)
        public void build() {
            Random r = new Random(3);
            StringBuilder sb = new StringBuilder();
            while (sb.length() < 1_000_000) {
                sb.append(text(r, 200));
            }
            text = sb.substring(0, 1_000_000);
            model = ModelCatalog.builtIn().lookup("gpt-4o");
            TokenCounter.forModel(model).count("warm the encoding table");
        }
    }

    @Benchmark
    public int countOneMegabyte(Megabyte m) {
        return TokenCounter.forModel(m.model).count(m.text);
    }

    @State(Scope.Benchmark)
    public static class Growing {
        @Param({"100", "1000", "10000"})
        public int turns;
        TokenCounter counter;
        ContextAssembler assembler;
        Conversation conversation;
        Random random = new Random(11);
        int n;

        @Setup(Level.Trial)
        public void build() {
            ModelInfo model = ModelCatalog.builtIn().lookup("gpt-4.1");
            counter = TokenCounter.forModel(model);
            conversation = new Conversation(counter);
            messages(turns, 20, 5).forEach(conversation::add);
            assembler = ContextAssembler.builder(model, counter).system("You are the on-call agent.")
                    .strategy(PruningStrategy.SLIDING_WINDOW).build();
        }

        /** Keeps the conversation at its size: the turn added by the last invocation is taken out again. */
        @Setup(Level.Iteration)
        public void reset() {
            conversation = new Conversation(counter);
            messages(turns, 20, 5).forEach(conversation::add);
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int nextTurn(Growing g) {
        g.conversation.add(UserMessage.from("follow-up " + (g.n++) + ": " + text(g.random, 30)));
        return g.assembler.assemble(g.conversation, List.of(), null).promptTokens();
    }
}
