package dev.aiops.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.core.llm.ModelInfo;
import dev.aiops.core.llm.TokenCounter;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruningTest {

    /** 10,000-token window, 1,000 reserved: prompts may use 7,000 tokens, pruning aims at 5,000. */
    static final ModelInfo MODEL = new ModelInfo("small", "openai", 10_000, 1_000, "o200k_base", 1.0, 0, 0, 0, true);
    final TokenCounter counter = TokenCounter.forModel(MODEL);

    static String log(int lines, String tag) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append(tag).append(" line ").append(i).append(": GET /api/orders 200 in ").append(i % 97).append("ms\n");
        }
        return sb.toString();
    }

    /** {@code turns} turns, each a question, a tool call with a ~1,000-token result and an answer. */
    Conversation conversation(int turns) {
        Conversation c = new Conversation(counter);
        c.pin(SystemMessage.from("Incident INC-7: checkout 502s"));
        for (int t = 0; t < turns; t++) {
            c.add(UserMessage.from("question " + t + ": what do the logs of api-" + t + " say?"));
            ToolExecutionRequest req = ToolExecutionRequest.builder().id("call_" + t).name("k8s_logs_tail")
                    .arguments("{\"pod\":\"api-" + t + "\"}").build();
            c.add(AiMessage.from(req));
            c.add(ToolExecutionResultMessage.from(req, log(60, "t" + t)));
            c.add(AiMessage.from("Turn " + t + ": the logs are clean."));
        }
        return c;
    }

    ContextAssembler assembler(PruningStrategy s, Summarizer summarizer) {
        return ContextAssembler.builder(MODEL, counter).system("You are on call.").strategy(s).keepLastTurns(2)
                .summarizer(summarizer).build();
    }

    @Test
    void toolOutputTrimmingCutsOlderResultsAndLeavesTheLastTurnsWhole() {
        Conversation c = conversation(12);
        ContextAssembler.Assembled a = assembler(PruningStrategy.TOOL_OUTPUT_TRIMMING, null).assemble(c, List.of(), null);

        assertThat(a.promptTokens()).isLessThanOrEqualTo(a.budget().promptLimit());
        assertThat(a.pruning()).first().satisfies(p -> {
            assertThat(p.step()).isEqualTo("tool-output-trimming");
            assertThat(p.tokensAfter()).isLessThan(p.tokensBefore());
        });
        List<ToolExecutionResultMessage> results = a.messages().stream()
                .filter(m -> m instanceof ToolExecutionResultMessage).map(m -> (ToolExecutionResultMessage) m).toList();
        assertThat(results).hasSize(12);
        assertThat(results.get(0).text()).containsPattern("\\[trimmed \\d+ tokens]").startsWith("t0 line 0")
                .endsWith("t0 line 59: GET /api/orders 200 in 59ms\n");
        assertThat(results.get(11).text()).isEqualTo(log(60, "t11"));
        assertThat(results.get(10).text()).isEqualTo(log(60, "t10"));
        assertThat(c.archived()).isNotEmpty().allMatch(m -> m instanceof ToolExecutionResultMessage);
    }

    @Test
    void slidingWindowDropsWholeTurnsOldestFirstKeepingPinnedFacts() {
        Conversation c = conversation(12);
        ContextAssembler.Assembled a = assembler(PruningStrategy.SLIDING_WINDOW, null).assemble(c, List.of(), null);

        assertThat(a.promptTokens()).isLessThanOrEqualTo(a.budget().pruneTarget() + 200);
        assertThat(a.messages().get(0)).isEqualTo(SystemMessage.from("You are on call."));
        assertThat(((SystemMessage) a.messages().get(1)).text()).contains("Incident INC-7");
        ChatMessage firstTurn = a.messages().get(2);
        assertThat(firstTurn).isInstanceOf(UserMessage.class);
        assertThat(((UserMessage) firstTurn).singleText()).doesNotStartWith("question 0:");
        assertThat(a.messages().get(a.messages().size() - 1)).isEqualTo(AiMessage.from("Turn 11: the logs are clean."));
        assertThat(c.archived()).startsWith(UserMessage.from("question 0: what do the logs of api-0 say?"));
        assertPairsIntact(a.messages());
    }

    @Test
    void summarizingReplacesOldTurnsWithAPinnedSummaryAndArchivesThem() {
        List<List<ChatMessage>> asked = new ArrayList<>();
        Conversation c = conversation(12);
        ContextAssembler.Assembled a = assembler(PruningStrategy.SUMMARIZING, (turns, words) -> {
            asked.add(turns);
            return "api-0 to api-9 logs were clean; no decision yet.";
        }).assemble(c, List.of(), null);

        assertThat(asked).hasSize(1);
        assertThat(asked.get(0)).first().isEqualTo(UserMessage.from("question 0: what do the logs of api-0 say?"));
        assertThat(((SystemMessage) a.messages().get(1)).text()).contains("Incident INC-7")
                .contains("Summary of the earlier conversation").contains("api-0 to api-9 logs were clean");
        assertThat(c.archived()).containsAll(asked.get(0));
        assertThat(a.messages()).contains(UserMessage.from("question 11: what do the logs of api-11 say?"),
                UserMessage.from("question 10: what do the logs of api-10 say?"));
        assertPairsIntact(a.messages());
    }

    @Test
    void summarizingFallsBackToTheSlidingWindowWithoutAModel() {
        Conversation c = conversation(12);
        ContextAssembler.Assembled a = assembler(PruningStrategy.SUMMARIZING, null).assemble(c, List.of(), null);

        assertThat(a.pruning()).extracting(ContextAssembler.Pruning::step).contains("summarizing");
        assertThat(a.messages()).noneMatch(m -> m instanceof SystemMessage s && s.text().contains("Summary of"));
        assertThat(a.promptTokens()).isLessThanOrEqualTo(a.budget().promptLimit());
        assertPairsIntact(a.messages());
    }

    /** The pinned and unpinned totals a conversation keeps, as a walk over its entries counts them. */
    static void assertTotalsMatchEntries(Conversation c) {
        long pinned = c.entries().stream().filter(Conversation.Entry::pinned).mapToLong(Conversation.Entry::tokens)
                .sum();
        long unpinned = c.entries().stream().filter(e -> !e.pinned()).mapToLong(Conversation.Entry::tokens).sum();
        assertThat(c.pinnedTokens()).isEqualTo(pinned);
        assertThat(c.unpinnedTokens()).isEqualTo(unpinned);
        assertThat(c.tokens()).isEqualTo(pinned + unpinned);
        assertThat(c.pinnedCount()).isEqualTo((int) c.entries().stream().filter(Conversation.Entry::pinned).count());
    }

    @Test
    void pinnedAndUnpinnedTotalsFollowAddsPinsAndEveryStrategy() {
        Conversation empty = new Conversation(counter);
        assertTotalsMatchEntries(empty);
        assertThat(empty.pinnedCount()).isZero();
        Conversation unpinnedOnly = new Conversation(counter).add(UserMessage.from("why 502?"))
                .add(AiMessage.from("the upstream is down"));
        assertTotalsMatchEntries(unpinnedOnly);
        assertThat(unpinnedOnly.pinnedCount()).isZero();
        assertThat(assembler(PruningStrategy.SLIDING_WINDOW, null).assemble(unpinnedOnly, List.of(), null).messages())
                .hasSize(3);

        Summarizer summarizer = (messages, words) -> "Summary: " + messages.size() + " messages, all clean.";
        for (PruningStrategy s : PruningStrategy.values()) {
            Conversation c = conversation(12);
            assertTotalsMatchEntries(c);
            assembler(s, summarizer).assemble(c, List.of(), null);
            assertTotalsMatchEntries(c);
            c.pin(SystemMessage.from("Fact: the rollback of api was approved"));
            c.add(UserMessage.from("and now?"));
            assertTotalsMatchEntries(c);
            assertThat(c.pinnedCount()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void hysteresisPrunesDownToSixtyPercentSoTheNextTurnsNeedNoPruning() {
        Conversation c = conversation(12);
        ContextAssembler asm = assembler(PruningStrategy.SLIDING_WINDOW, null);
        ContextAssembler.Assembled first = asm.assemble(c, List.of(), null);
        assertThat(first.pruning()).isNotEmpty();

        c.add(UserMessage.from("and now?"));
        ContextAssembler.Assembled next = asm.assemble(c, List.of(), null);

        assertThat(next.pruning()).isEmpty();
        assertThat(next.promptTokens()).isGreaterThan(first.promptTokens());
    }

    @Test
    void injectedContextComesAfterPinnedFactsByPriorityAndCapped() {
        Conversation c = new Conversation(counter).add(UserMessage.from("why 502?"));
        ContextAssembler asm = ContextAssembler.builder(MODEL, counter).system("sys")
                .provider(q -> List.of(new ContextBlock("runbook", "Runbook: 502s", "check endpoints", 1, 500),
                        new ContextBlock("diagnosis", "Diagnosis for " + q, log(400, "report"), 9, 300)))
                .build();

        ContextAssembler.Assembled a = asm.assemble(c, List.of(), null);

        String ctx = ((SystemMessage) a.messages().get(1)).text();
        assertThat(ctx).startsWith("Context (injected, most important first):");
        assertThat(ctx.indexOf("Diagnosis for why 502?")).isLessThan(ctx.indexOf("Runbook: 502s"));
        assertThat(ctx).containsPattern("\\[trimmed \\d+ tokens]");
        assertThat(counter.count(ctx)).isLessThan(500);
        assertThat(a.messages().get(2)).isEqualTo(UserMessage.from("why 502?"));
    }

    @Test
    void aSystemPromptOverTheBudgetIsRefusedLocally() {
        Conversation c = new Conversation(counter).add(UserMessage.from("hi"));
        ContextAssembler asm = ContextAssembler.builder(MODEL, counter).system(log(800, "huge")).build();
        assertThatThrownBy(() -> asm.assemble(c, List.of(), null)).isInstanceOf(ContextBudgetException.class)
                .hasMessageContaining("80% of 10000");
    }

    @Test
    void aSingleHugeMessageIsCutToHeadAndTail() {
        Conversation c = new Conversation(counter).add(UserMessage.from("paste: " + log(2000, "p")));
        ContextAssembler.Assembled a = assembler(PruningStrategy.SLIDING_WINDOW, null).assemble(c, List.of(), null);

        String text = ((UserMessage) a.messages().get(1)).singleText();
        assertThat(text).startsWith("paste: p line 0").containsPattern("\\[trimmed \\d+ tokens]")
                .endsWith("p line 1999: GET /api/orders 200 in 59ms\n");
        assertThat(a.promptTokens()).isLessThanOrEqualTo(a.budget().promptLimit());
    }

    static void assertPairsIntact(List<ChatMessage> messages) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof ToolExecutionResultMessage t) {
                ChatMessage before = messages.get(i - 1);
                boolean paired = before instanceof AiMessage ai && ai.hasToolExecutionRequests()
                        && ai.toolExecutionRequests().stream().anyMatch(r -> r.id().equals(t.id()))
                        || before instanceof ToolExecutionResultMessage;
                assertThat(paired).as("result " + t.id() + " follows its call").isTrue();
            }
        }
    }

    @Test
    void theStrategyComesFromTheAgentsDescriptor() {
        dev.aiops.core.contract.DescriptorSet set =
                dev.aiops.core.contract.DescriptorLoader.loadDirectory(java.nio.file.Path.of("..", "skills"));
        dev.aiops.core.contract.AgentDescriptor oncall = set.descriptors().stream()
                .filter(d -> d.name().equals("oncall")).findFirst().orElseThrow();
        assertThat(oncall.context().pruning()).isEqualTo("summarizing");

        List<List<ChatMessage>> asked = new ArrayList<>();
        Conversation c = conversation(12);
        ContextAssembler.builder(MODEL, counter).system("s").policy(oncall.context())
                .summarizer((turns, words) -> {
                    asked.add(turns);
                    return "summary";
                }).build().assemble(c, List.of(), null);
        assertThat(asked).hasSize(1);
    }
}
