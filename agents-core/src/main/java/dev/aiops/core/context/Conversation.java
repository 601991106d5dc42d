package dev.aiops.core.context;

import dev.aiops.core.llm.TokenCounter;
import dev.langchain4j.data.message.ChatMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A session's messages with their token counts, counted once when added, so a new turn costs O(new message).
 * Pinned messages (facts, summaries) always stay in the prompt. Messages that pruning removes or replaces are kept
 * in {@link #archived()}, never lost.
 */
public final class Conversation {

    /** One message and what it costs. */
    public record Entry(ChatMessage message, int tokens, boolean pinned) {
    }

    private final TokenCounter counter;
    private final List<Entry> entries = new ArrayList<>();
    private final List<ChatMessage> archive = new ArrayList<>();
    private long tokens;
    /** Kept as messages come and go, so that assembling a request does not walk the conversation for them. */
    private long pinnedTokens;
    private int pinnedCount;

    public Conversation(TokenCounter counter) {
        this.counter = counter;
    }

    public Conversation add(ChatMessage message) {
        return append(message, false);
    }

    public Conversation pin(ChatMessage message) {
        return append(message, true);
    }

    private Conversation append(ChatMessage message, boolean pinned) {
        Entry e = new Entry(message, counter.count(message), pinned);
        entries.add(e);
        tokens += e.tokens();
        if (pinned) {
            pinnedTokens += e.tokens();
            pinnedCount++;
        }
        return this;
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Tokens of every message, pinned ones included. */
    public long tokens() {
        return tokens;
    }

    /** Tokens of the pinned messages. */
    long pinnedTokens() {
        return pinnedTokens;
    }

    /** Tokens of the messages that are not pinned (what pruning works on). */
    long unpinnedTokens() {
        return tokens - pinnedTokens;
    }

    int pinnedCount() {
        return pinnedCount;
    }

    /** Messages pruning removed or replaced, oldest first. */
    public List<ChatMessage> archived() {
        return Collections.unmodifiableList(archive);
    }

    TokenCounter counter() {
        return counter;
    }

    /** Replaces the entries after pruning; {@code removed} go to the archive. */
    void replace(List<Entry> kept, List<ChatMessage> removed) {
        entries.clear();
        entries.addAll(kept);
        archive.addAll(removed);
        long t = 0;
        long p = 0;
        int n = 0;
        for (Entry e : kept) {
            t += e.tokens();
            if (e.pinned()) {
                p += e.tokens();
                n++;
            }
        }
        tokens = t;
        pinnedTokens = p;
        pinnedCount = n;
    }

    Entry entry(ChatMessage message, boolean pinned) {
        return new Entry(message, counter.count(message), pinned);
    }
}
