package dev.aiops.core.context;

import dev.aiops.core.llm.ModelInfo;
import dev.aiops.core.llm.TokenCounter;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Builds every model request of an agent in one fixed order (system prompt, pinned facts, injected context,
 * conversation), which keeps the prefix stable for provider prompt caches, and holds the budget invariant: the
 * prompt plus the reserved output stays within 80% of the model's window. When a request would pass that line,
 * the agent's {@link PruningStrategy} shortens the conversation to 60% (hysteresis), injected blocks are capped
 * by priority, and as a last resort the largest remaining message is cut to head and tail. A request that still
 * cannot fit is refused with {@link ContextBudgetException} and never sent.
 */
public final class ContextAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(ContextAssembler.class);

    private final ModelInfo model;
    private final TokenCounter counter;
    private final String system;
    private final List<ContextProvider> providers;
    private final PruningStrategy strategy;
    private final int keepLastTurns;
    private final @Nullable Summarizer summarizer;
    private final double contextShare;

    private ContextAssembler(Builder b) {
        this.model = b.model;
        this.counter = b.counter;
        this.system = b.system;
        this.providers = List.copyOf(b.providers);
        this.strategy = b.strategy;
        this.keepLastTurns = b.keepLastTurns;
        this.summarizer = b.summarizer;
        this.contextShare = b.contextShare;
    }

    public static Builder builder(ModelInfo model, TokenCounter counter) {
        return new Builder(model, counter);
    }

    /** One pruning step, logged with its tokens before and after. */
    public record Pruning(String step, long tokensBefore, long tokensAfter) {
    }

    /**
     * A request ready for the gateway.
     *
     * @param messages     in the fixed section order
     * @param promptTokens what they and the tools cost, from cached per-message counts
     * @param budget       the budget they satisfy
     * @param pruning      what was done to fit, empty when nothing was needed
     */
    public record Assembled(List<ChatMessage> messages, int promptTokens, ContextBudget budget, List<Pruning> pruning) {
    }

    /**
     * Assembles the next request from {@code conversation} (which pruning shortens in place; removed messages go
     * to its archive).
     *
     * @throws ContextBudgetException when even the system prompt and pinned facts do not fit
     */
    public Assembled assemble(Conversation conversation, List<ToolSpecification> tools, Integer maxOutputTokens) {
        ContextBudget budget = ContextBudget.of(model, maxOutputTokens);
        int limit = budget.promptLimit();
        List<Pruning> steps = new ArrayList<>();
        int toolTokens = 0;
        for (ToolSpecification t : tools) {
            toolTokens += counter.count(t.name()) + counter.count(t.description())
                    + counter.count(String.valueOf(t.parameters()));
        }
        ChatMessage systemMessage = SystemMessage.from(system);
        int fixed = TokenCounterFacts.PRIMING + counter.count(systemMessage) + toolTokens;
        ChatMessage pinnedMessage = pinnedMessage(conversation);
        if (pinnedMessage != null) {
            fixed += counter.count(pinnedMessage);
        }
        if (fixed > limit) {
            throw new ContextBudgetException("the system prompt, pinned facts and tool definitions take " + fixed
                    + " tokens, over the " + limit + " a request to " + model.id() + " may use (80% of "
                    + model.contextWindow() + " minus " + budget.reservedOutput() + " reserved for the answer)");
        }
        ChatMessage contextMessage = contextMessage(lastUserText(conversation),
                (int) Math.min(limit - fixed, Math.floor(limit * contextShare)));
        int blocks = contextMessage == null ? 0 : counter.count(contextMessage);
        long conv = Pruner.unpinnedTokens(conversation);
        if (fixed + blocks + conv > limit) {
            int base = TokenCounterFacts.PRIMING + counter.count(systemMessage) + toolTokens;
            long target = Math.max(0, budget.pruneTarget() - fixed - blocks);
            prune(conversation, strategy, target, steps);
            fixed = base + pinnedTokens(pinnedMessage(conversation));
            conv = Pruner.unpinnedTokens(conversation);
            if (fixed + blocks + conv > limit && strategy != PruningStrategy.SLIDING_WINDOW) {
                prune(conversation, PruningStrategy.SLIDING_WINDOW, Math.max(0, budget.pruneTarget() - fixed - blocks),
                        steps);
                conv = Pruner.unpinnedTokens(conversation);
            }
            if (fixed + blocks + conv > limit) {
                cutLargest(conversation, limit - fixed - blocks, steps);
                conv = Pruner.unpinnedTokens(conversation);
            }
            if (fixed + blocks + conv > limit && contextMessage != null) {
                steps.add(new Pruning("drop injected context", fixed + blocks + conv, fixed + conv));
                contextMessage = null;
                blocks = 0;
            }
            pinnedMessage = pinnedMessage(conversation);
            if (fixed > limit || fixed + blocks + conv > limit) {
                throw new ContextBudgetException("cannot fit the request in " + limit + " tokens: "
                        + (fixed + blocks + conv) + " remain after pruning (system, pinned and tools " + fixed
                        + ", injected " + blocks + ", conversation " + conv + "; steps " + steps + ")");
            }
        }
        List<ChatMessage> messages = new ArrayList<>(conversation.entries().size() + 3);
        messages.add(systemMessage);
        if (pinnedMessage != null) {
            messages.add(pinnedMessage);
        }
        if (contextMessage != null) {
            messages.add(contextMessage);
        }
        for (Conversation.Entry e : conversation.entries()) {
            if (!e.pinned()) {
                messages.add(e.message());
            }
        }
        for (Pruning p : steps) {
            LOG.info("context for {}: {} ({} -> {} tokens)", model.id(), p.step(), p.tokensBefore(),
                    p.tokensAfter());
        }
        return new Assembled(messages, (int) (fixed + blocks + conv), budget, steps);
    }

    private void prune(Conversation c, PruningStrategy s, long target, List<Pruning> steps) {
        long before = Pruner.unpinnedTokens(c) + pinnedTokens(c);
        switch (s) {
            case TOOL_OUTPUT_TRIMMING -> Pruner.trimToolOutputs(c, target, keepLastTurns);
            case SLIDING_WINDOW -> Pruner.slide(c, target);
            case SUMMARIZING -> Pruner.summarize(c, target, keepLastTurns, summarizer);
        }
        steps.add(new Pruning(s.name().toLowerCase().replace('_', '-'), before,
                Pruner.unpinnedTokens(c) + pinnedTokens(c)));
    }

    /** Last resort: the largest unpinned message is cut to head and tail so the rest fits {@code room}. */
    private void cutLargest(Conversation c, long room, List<Pruning> steps) {
        List<Conversation.Entry> entries = new ArrayList<>(c.entries());
        long total = Pruner.unpinnedTokens(c);
        for (int round = 0; total > room && round < 4 * entries.size(); round++) {
            int largest = -1;
            for (int i = 0; i < entries.size(); i++) {
                Conversation.Entry e = entries.get(i);
                String t = e.pinned() ? null : textOf(e.message());
                if (t != null && t.length() >= 200 && (largest < 0 || e.tokens() > entries.get(largest).tokens())) {
                    largest = i;
                }
            }
            if (largest < 0) {
                return;
            }
            Conversation.Entry e = entries.get(largest);
            // the largest entry was chosen among those with text
            String text = Objects.requireNonNull(textOf(e.message()));
            long excess = total - room;
            int keepChars = (int) Math.max(50, (long) text.length() * Math.max(0, e.tokens() - excess - 40)
                    / Math.max(1, e.tokens()) / 2);
            ChatMessage cut = withText(e.message(), Pruner.trim(text, Math.min(keepChars, text.length() / 2 - 1),
                    e.tokens()));
            Conversation.Entry ce = c.entry(cut, false);
            if (ce.tokens() >= e.tokens()) {
                return;
            }
            entries.set(largest, ce);
            c.replace(entries, List.of(e.message()));
            steps.add(new Pruning("cut largest message", total, total - e.tokens() + ce.tokens()));
            total = total - e.tokens() + ce.tokens();
        }
    }

    private static @Nullable String textOf(ChatMessage m) {
        if (m instanceof UserMessage u && u.hasSingleText()) {
            return u.singleText();
        }
        if (m instanceof ToolExecutionResultMessage t) {
            return t.text();
        }
        if (m instanceof AiMessage a && !a.hasToolExecutionRequests()) {
            return a.text();
        }
        return null;
    }

    private static ChatMessage withText(ChatMessage m, String text) {
        if (m instanceof UserMessage) {
            return UserMessage.from(text);
        }
        if (m instanceof ToolExecutionResultMessage t) {
            return ToolExecutionResultMessage.from(t.id(), t.toolName(), text);
        }
        return AiMessage.from(text);
    }

    private int pinnedTokens(@Nullable ChatMessage pinnedMessage) {
        return pinnedMessage == null ? 0 : counter.count(pinnedMessage);
    }

    private static long pinnedTokens(Conversation c) {
        return c.pinnedTokens();
    }

    private @Nullable ChatMessage pinnedMessage(Conversation c) {
        if (c.pinnedCount() == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Conversation.Entry e : c.entries()) {
            if (e.pinned()) {
                String text = e.message() instanceof SystemMessage s ? s.text() : textOf(e.message());
                sb.append(sb.length() == 0 ? "Pinned facts:\n" : "\n").append(text == null ? e.message() : text);
            }
        }
        return sb.length() == 0 ? null : SystemMessage.from(sb.toString());
    }

    private @Nullable ChatMessage contextMessage(String query, int room) {
        if (providers.isEmpty() || room <= 0) {
            return null;
        }
        List<ContextBlock> blocks = new ArrayList<>();
        for (ContextProvider p : providers) {
            blocks.addAll(p.provide(query));
        }
        blocks.sort(Comparator.comparingInt(ContextBlock::priority).reversed());
        StringBuilder sb = new StringBuilder("Context (injected, most important first):");
        int used = counter.count(sb.toString()) + TokenCounterFacts.PER_MESSAGE;
        for (ContextBlock b : blocks) {
            String text = b.text();
            int tokens = counter.count(text);
            if (tokens > b.maxTokens()) {
                int keep = (int) Math.max(50, (long) text.length() * b.maxTokens() / tokens / 2 - 20);
                text = Pruner.trim(text, keep, tokens);
            }
            String section = "\n\n### " + b.title() + " (" + b.source() + ")\n" + text;
            int cost = counter.count(section);
            if (used + cost > room) {
                LOG.debug("context block '{}' left out: {} tokens, {} left", b.title(), cost, room - used);
                continue;
            }
            sb.append(section);
            used += cost;
        }
        return used <= counter.count("Context (injected, most important first):") + TokenCounterFacts.PER_MESSAGE
                ? null : SystemMessage.from(sb.toString());
    }

    private static String lastUserText(Conversation c) {
        List<Conversation.Entry> e = c.entries();
        for (int i = e.size() - 1; i >= 0; i--) {
            if (e.get(i).message() instanceof UserMessage u && u.hasSingleText()) {
                return u.singleText();
            }
        }
        return "";
    }

    /** Configures an assembler. */
    public static final class Builder {
        private final ModelInfo model;
        private final TokenCounter counter;
        private String system = "";
        private final List<ContextProvider> providers = new ArrayList<>();
        private PruningStrategy strategy = PruningStrategy.TOOL_OUTPUT_TRIMMING;
        private int keepLastTurns = 3;
        private @Nullable Summarizer summarizer;
        private double contextShare = 0.25;

        private Builder(ModelInfo model, TokenCounter counter) {
            this.model = Objects.requireNonNull(model);
            this.counter = Objects.requireNonNull(counter);
        }

        public Builder system(String text) {
            this.system = Objects.requireNonNull(text);
            return this;
        }

        public Builder provider(ContextProvider p) {
            providers.add(Objects.requireNonNull(p));
            return this;
        }

        /** The pruning strategy and kept turns the agent's descriptor declares ({@code context:}). */
        public Builder policy(dev.aiops.core.contract.AgentDescriptor.ContextPolicy policy) {
            return strategy(PruningStrategy.parse(policy.pruning())).keepLastTurns(policy.keepLastTurns());
        }

        public Builder strategy(PruningStrategy s) {
            this.strategy = Objects.requireNonNull(s);
            return this;
        }

        /** Turns (from a user message on) that tool-output trimming and summarizing leave intact. */
        public Builder keepLastTurns(int turns) {
            if (turns < 1) {
                throw new IllegalArgumentException("keepLastTurns must be at least 1");
            }
            this.keepLastTurns = turns;
            return this;
        }

        /** The summarizer for {@link PruningStrategy#SUMMARIZING}; without one it falls back to the sliding window. */
        public Builder summarizer(Summarizer s) {
            this.summarizer = s;
            return this;
        }

        /** The largest share of the prompt budget injected context may take (default 0.25). */
        public Builder contextShare(double share) {
            if (share <= 0 || share > 1) {
                throw new IllegalArgumentException("contextShare must be in (0, 1]");
            }
            this.contextShare = share;
            return this;
        }

        public ContextAssembler build() {
            return new ContextAssembler(this);
        }
    }
}
