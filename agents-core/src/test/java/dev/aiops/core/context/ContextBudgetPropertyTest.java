package dev.aiops.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.aiops.core.llm.ModelInfo;
import dev.aiops.core.llm.TokenCounter;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The budget invariant over random long conversations, tool outputs and injected attachments, with a seeded
 * generator (ADR 0004; a failing case prints its seed): every assembled request, recounted from scratch, fits
 * 80% of the window with its reserved output, keeps every tool call with its results, and keeps the system prompt
 * first and the newest user message.
 */
class ContextBudgetPropertyTest {

    static final String[] WORDS = ("pod deployment checkout payments CrashLoopBackOff OOMKilled readiness probe "
            + "port 8080 8081 secret DB_URL configmap namespace prod kubectl rollout undo events warning backoff "
            + "restarting container image tag v2.3.1 node NotReady memory limit 512Mi cpu throttling 429 timeout "
            + "{\"status\":\"Running\"} ERROR java.lang.IllegalStateException at com.shop.Checkout.main").split(" ");
    static final int CASES = 120;

    static String text(Random r, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(WORDS[r.nextInt(WORDS.length)]).append(i % 17 == 16 ? '\n' : ' ');
        }
        return sb.toString();
    }

    static int size(Random r) {
        // mostly small, sometimes huge (tool outputs, pasted logs)
        double x = r.nextDouble();
        return x < 0.7 ? 5 + r.nextInt(80) : x < 0.95 ? 100 + r.nextInt(1500) : 2000 + r.nextInt(10000);
    }

    static final java.util.concurrent.atomic.AtomicInteger REQUESTS = new java.util.concurrent.atomic.AtomicInteger();
    static final java.util.concurrent.atomic.AtomicInteger PRUNED = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void everyAssembledRequestFitsItsBudgetAndKeepsToolPairs() {
        long base = Long.getLong("context.seed", 20261124L);
        int cases = Long.getLong("context.seed") != null ? 1 : CASES;
        for (int c = 0; c < cases; c++) {
            long seed = base + c;
            try {
                runCase(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                fail("case with seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
        // the property is not vacuous: a good share of the requests needed pruning
        assertThat(PRUNED.get()).as("pruned requests of " + REQUESTS.get()).isGreaterThan(REQUESTS.get() / 10);
    }

    private static void runCase(Random r) {
        int window = new int[] {8_192, 16_384, 32_768, 128_000}[r.nextInt(4)];
        ModelInfo model = new ModelInfo("m", "openai", window, Math.min(4096, window / 4), "o200k_base", 1.0, 0, 0, 0,
                true);
        TokenCounter counter = TokenCounter.forModel(model);
        RECOUNT.set(TokenCounter.forModel(model));
        PruningStrategy strategy = PruningStrategy.values()[r.nextInt(3)];
        ContextAssembler.Builder b = ContextAssembler.builder(model, counter).system(text(r, 20 + r.nextInt(200)))
                .strategy(strategy).keepLastTurns(1 + r.nextInt(4));
        if (strategy == PruningStrategy.SUMMARIZING && r.nextBoolean()) {
            b.summarizer((turns, maxWords) -> "summary of " + turns.size() + " messages: " + text(r, 60));
        }
        if (r.nextBoolean()) {
            int n = r.nextInt(4);
            List<ContextBlock> blocks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                blocks.add(new ContextBlock("attachment", "block " + i, text(r, size(r)), r.nextInt(10),
                        200 + r.nextInt(4000)));
            }
            b.provider(q -> blocks);
        }
        ContextAssembler assembler = b.build();
        List<ToolSpecification> tools = r.nextBoolean() ? List.of() : List.of(ToolSpecification.builder()
                .name("k8s_logs_tail").description("tail a log")
                .parameters(JsonObjectSchema.builder().addStringProperty("pod").required("pod").build()).build());
        Conversation conv = new Conversation(counter);
        if (r.nextInt(4) == 0) {
            conv.pin(SystemMessage.from("Cluster prod-eu-1; incident INC-" + r.nextInt(9999)));
        }
        int turns = 5 + r.nextInt(60);
        int callId = 0;
        Integer maxOut = r.nextBoolean() ? null : 256 + r.nextInt(2048);
        for (int t = 0; t < turns; t++) {
            String question = "q" + t + " " + text(r, size(r));
            conv.add(UserMessage.from(question));
            assembleAndCheck(assembler, conv, model, tools, maxOut, question);
            int calls = r.nextInt(3);
            for (int k = 0; k < calls; k++) {
                int parallel = 1 + r.nextInt(2);
                List<ToolExecutionRequest> reqs = new ArrayList<>();
                for (int p = 0; p < parallel; p++) {
                    reqs.add(ToolExecutionRequest.builder().id("call_" + (++callId)).name("k8s_logs_tail")
                            .arguments("{\"pod\":\"api-" + callId + "\"}").build());
                }
                conv.add(AiMessage.from(reqs));
                for (ToolExecutionRequest q : reqs) {
                    conv.add(ToolExecutionResultMessage.from(q, text(r, size(r))));
                }
                // the loop asks the model again with the results
                assembleAndCheck(assembler, conv, model, tools, maxOut, question);
            }
            conv.add(AiMessage.from(text(r, size(r) / 2 + 1)));
        }
    }

    private static void assembleAndCheck(ContextAssembler assembler, Conversation conv, ModelInfo model,
                                         List<ToolSpecification> tools, Integer maxOut, String question) {
        ContextAssembler.Assembled a = assembler.assemble(conv, tools, maxOut);
        REQUESTS.incrementAndGet();
        if (!a.pruning().isEmpty()) {
            PRUNED.incrementAndGet();
        }
        check(a, model, tools, maxOut, question);
    }

    /** A counter independent of the assembler's (its own caches), for recounting each request. */
    static final ThreadLocal<TokenCounter> RECOUNT = new ThreadLocal<>();

    private static void check(ContextAssembler.Assembled a, ModelInfo model, List<ToolSpecification> tools,
                              Integer maxOut, String lastQuestion) {
        TokenCounter fresh = RECOUNT.get();
        int recount = fresh.count(a.messages(), tools);
        ContextBudget budget = ContextBudget.of(model, maxOut);
        assertThat(recount).as("assembler's count").isEqualTo(a.promptTokens());
        assertThat(recount + budget.reservedOutput()).as("prompt + reserved output vs 80% of " + model.contextWindow())
                .isLessThanOrEqualTo((int) Math.floor(model.contextWindow() * 0.8));
        assertThat(a.messages().get(0)).isInstanceOf(SystemMessage.class);
        Set<String> open = new HashSet<>();
        Set<String> answered = new HashSet<>();
        for (ChatMessage m : a.messages()) {
            if (m instanceof AiMessage ai && ai.hasToolExecutionRequests()) {
                assertThat(open).as("results of the previous tool call all present").isEmpty();
                ai.toolExecutionRequests().forEach(q -> open.add(q.id()));
            } else if (m instanceof ToolExecutionResultMessage t) {
                assertThat(open).as("a result follows its call").contains(t.id());
                open.remove(t.id());
                answered.add(t.id());
            } else {
                assertThat(open).as("a tool call is followed by all its results").isEmpty();
            }
        }
        boolean lastUserKept = a.messages().stream().anyMatch(m -> m instanceof UserMessage u
                && (u.singleText().equals(lastQuestion) || u.singleText().startsWith(lastQuestion.substring(0,
                Math.min(20, lastQuestion.length())))));
        assertThat(lastUserKept).as("the newest question is in the request").isTrue();
    }
}
