package dev.aiops.core.context;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/** The pruning strategies over the unpinned part of a {@link Conversation}. */
final class Pruner {

    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);
    /** Characters kept at each end of a trimmed text (about 100 tokens each). */
    static final int KEEP_CHARS = 400;
    static final int SUMMARY_WORDS = 400;
    static final String SUMMARY_PREFIX = "Summary of the earlier conversation";

    static boolean isSummary(Conversation.Entry e) {
        return e.pinned() && e.message() instanceof SystemMessage s && s.text().startsWith(SUMMARY_PREFIX);
    }

    private Pruner() {
    }

    /** A tool call and its results, or any other single message: what sliding never splits. */
    record Unit(List<Conversation.Entry> entries, boolean userTurnStart) {
        int tokens() {
            int t = 0;
            for (Conversation.Entry e : entries) {
                t += e.tokens();
            }
            return t;
        }
    }

    static List<Unit> units(List<Conversation.Entry> entries) {
        List<Unit> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Conversation.Entry e = entries.get(i);
            List<Conversation.Entry> unit = new ArrayList<>(List.of(e));
            if (e.message() instanceof AiMessage ai && ai.hasToolExecutionRequests()) {
                while (i + 1 < entries.size() && entries.get(i + 1).message() instanceof ToolExecutionResultMessage) {
                    unit.add(entries.get(++i));
                }
            }
            out.add(new Unit(unit, e.message() instanceof UserMessage));
        }
        return out;
    }

    /** Index in {@code units} where the last {@code keepTurns} user turns start (units.size() when none). */
    static int recentStart(List<Unit> units, int keepTurns) {
        int seen = 0;
        for (int i = units.size() - 1; i >= 0; i--) {
            if (units.get(i).userTurnStart() && ++seen == keepTurns) {
                return i;
            }
        }
        return keepTurns <= 0 ? units.size() : 0;
    }

    static long unpinnedTokens(Conversation c) {
        return c.unpinnedTokens();
    }

    static List<Conversation.Entry> pinned(Conversation c) {
        return c.entries().stream().filter(Conversation.Entry::pinned).toList();
    }

    static List<Conversation.Entry> unpinned(Conversation c) {
        return c.entries().stream().filter(e -> !e.pinned()).toList();
    }

    /** Older tool results become head + tail; the last {@code keepTurns} turns are untouched. */
    static void trimToolOutputs(Conversation c, long target, int keepTurns) {
        List<Unit> units = units(unpinned(c));
        int recent = recentStart(units, keepTurns);
        long total = unpinnedTokens(c);
        List<Conversation.Entry> kept = new ArrayList<>(pinned(c));
        List<ChatMessage> replaced = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            for (Conversation.Entry e : units.get(u).entries()) {
                if (u < recent && total > target && e.message() instanceof ToolExecutionResultMessage t
                        && t.text() != null && t.text().length() > 3 * KEEP_CHARS) {
                    ToolExecutionResultMessage cut = ToolExecutionResultMessage.from(t.id(), t.toolName(),
                            trim(t.text(), KEEP_CHARS, c.counter().count(t.text())));
                    Conversation.Entry ce = c.entry(cut, false);
                    total -= e.tokens() - ce.tokens();
                    kept.add(ce);
                    replaced.add(e.message());
                } else {
                    kept.add(e);
                }
            }
        }
        c.replace(kept, replaced);
    }

    /**
     * Drops the oldest units until the unpinned part fits {@code target}; the current turn (from the newest user
     * message on) always stays.
     */
    static void slide(Conversation c, long target) {
        List<Unit> units = units(unpinned(c));
        long total = unpinnedTokens(c);
        int current = Math.min(recentStart(units, 1), units.size() - 1);
        int drop = 0;
        while (drop < current && total > target) {
            total -= units.get(drop).tokens();
            drop++;
        }
        // start the window at a user turn, as a conversation does (never dropping the newest unit)
        while (drop > 0 && drop < current && !units.get(drop).userTurnStart()) {
            total -= units.get(drop).tokens();
            drop++;
        }
        List<Conversation.Entry> kept = new ArrayList<>(pinned(c));
        List<ChatMessage> removed = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            for (Conversation.Entry e : units.get(u).entries()) {
                if (u < drop) {
                    removed.add(e.message());
                } else {
                    kept.add(e);
                }
            }
        }
        c.replace(kept, removed);
    }

    /**
     * Replaces the oldest turns (all but the last {@code keepTurns}) by a pinned summary; falls back to the sliding
     * window without a summarizer, when it fails, or when the summary does not bring the conversation to target.
     */
    static void summarize(Conversation c, long target, int keepTurns, @Nullable Summarizer summarizer) {
        List<Unit> units = units(unpinned(c));
        int current = Math.min(recentStart(units, 1), units.size() - 1);
        int recent = Math.min(recentStart(units, keepTurns), current);
        if (summarizer == null || recent <= 0) {
            slide(c, target);
            return;
        }
        List<ChatMessage> old = new ArrayList<>();
        List<Conversation.Entry> earlierSummaries = pinned(c).stream().filter(Pruner::isSummary).toList();
        // an earlier summary is folded into the new one, so summaries do not pile up
        earlierSummaries.forEach(e -> old.add(e.message()));
        for (int u = 0; u < recent; u++) {
            units.get(u).entries().forEach(e -> old.add(e.message()));
        }
        String summary;
        try {
            summary = summarizer.summarize(old, SUMMARY_WORDS);
        } catch (RuntimeException e) {
            LOG.warn("summarizing compaction failed ({}); falling back to the sliding window", e.getMessage());
            slide(c, target);
            return;
        }
        List<Conversation.Entry> kept = new ArrayList<>(pinned(c));
        kept.removeAll(earlierSummaries);
        kept.add(c.entry(SystemMessage.from(SUMMARY_PREFIX + " (" + old.size()
                + " messages, kept in the session archive):\n" + summary), true));
        for (int u = recent; u < units.size(); u++) {
            kept.addAll(units.get(u).entries());
        }
        c.replace(kept, old);
        if (unpinnedTokens(c) > target) {
            slide(c, target);
        }
    }

    /** {@code text} cut to its first and last {@code keep} characters with a marker of what was left out. */
    static String trim(String text, int keep, int originalTokens) {
        if (text.length() <= 2 * keep) {
            return text;
        }
        String head = text.substring(0, keep);
        String tail = text.substring(text.length() - keep);
        int removedChars = text.length() - 2 * keep;
        int removedTokens = (int) Math.max(1, (long) originalTokens * removedChars / text.length());
        return head + "\n[trimmed " + removedTokens + " tokens]\n" + tail;
    }
}
