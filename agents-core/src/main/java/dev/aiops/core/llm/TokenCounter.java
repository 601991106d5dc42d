package dev.aiops.core.llm;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;

/**
 * Counts tokens with jtokkit, in the encoding of a model's family, times the model's margin when its own tokenizer
 * differs. Chat messages add the per-message framing OpenAI's chat format costs (4 tokens a message, 3 to prime the
 * reply), so an estimate of a request errs on the high side.
 */
public final class TokenCounter {

    public static final int PER_MESSAGE = 4;
    public static final int REPLY_PRIMING = 3;
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final EncodingType type;
    private final double margin;
    /** Loaded on first use: an encoding's rank table takes tens of megabytes and most calls never need it. */
    private volatile Encoding encoding;

    private TokenCounter(EncodingType type, double margin) {
        this.type = type;
        this.margin = margin;
    }

    private Encoding encoding() {
        Encoding e = encoding;
        if (e == null) {
            e = REGISTRY.getEncoding(type);
            encoding = e;
        }
        return e;
    }

    /** The counter for a catalog entry. */
    public static TokenCounter forModel(ModelInfo model) {
        EncodingType type = EncodingType.fromName(model.tokenizer()).orElse(EncodingType.CL100K_BASE);
        double margin = EncodingType.fromName(model.tokenizer()).isPresent() ? model.tokenizerMargin()
                : Math.max(model.tokenizerMargin(), 1.2);
        return new TokenCounter(type, margin);
    }

    /** Long texts already counted (injected blocks come back every turn); weak, like the message cache. */
    private final java.util.Map<String, Integer> countedTexts =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private static final int CACHE_TEXTS_FROM = 512;

    /** Tokens in {@code text}, special-token markers counted as ordinary text. */
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() >= CACHE_TEXTS_FROM) {
            Integer known = countedTexts.get(text);
            if (known != null) {
                return known;
            }
            int n = countRaw(text);
            countedTexts.put(text, n);
            return n;
        }
        return countRaw(text);
    }

    private int countRaw(String text) {
        int raw = encoding().countTokensOrdinary(text);
        return margin == 1.0 ? raw : (int) Math.ceil(raw * margin);
    }

    /** Messages already counted; messages are immutable, so a count never changes. Weak: it never keeps one alive. */
    private final java.util.Map<ChatMessage, Integer> counted =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * Tokens one message costs in a request, framing included. Counted once per message: a conversation that grows
     * by one message costs one message's counting, however long it is.
     */
    public int count(ChatMessage message) {
        Integer known = counted.get(message);
        if (known != null) {
            return known;
        }
        int n = countUncached(message);
        counted.put(message, n);
        return n;
    }

    private int countUncached(ChatMessage message) {
        int n = PER_MESSAGE;
        if (message instanceof SystemMessage s) {
            n += count(s.text());
        } else if (message instanceof UserMessage u) {
            n += u.hasSingleText() ? count(u.singleText()) : count(u.toString());
        } else if (message instanceof AiMessage a) {
            n += count(a.text());
            if (a.hasToolExecutionRequests()) {
                for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                    n += PER_MESSAGE + count(r.name()) + count(r.arguments());
                }
            }
        } else if (message instanceof ToolExecutionResultMessage t) {
            n += count(t.toolName()) + count(t.text());
        } else {
            n += count(message.toString());
        }
        return n;
    }

    /** Tokens a request with these messages and tools costs before the model writes anything. */
    public int count(List<ChatMessage> messages, List<ToolSpecification> tools) {
        int n = REPLY_PRIMING;
        for (ChatMessage m : messages) {
            n += count(m);
        }
        for (ToolSpecification t : tools) {
            n += count(t.name()) + count(t.description()) + count(String.valueOf(t.parameters()));
        }
        return n;
    }

    public String encodingName() {
        return type.getName();
    }
}
