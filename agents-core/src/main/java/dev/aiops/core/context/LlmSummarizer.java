package dev.aiops.core.context;

import dev.aiops.core.llm.LlmCall;
import dev.aiops.core.llm.LlmGateway;
import dev.aiops.core.llm.LlmResult;
import dev.aiops.core.prompt.Prompt;
import dev.aiops.core.prompt.PromptRegistry;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Summaries for {@link PruningStrategy#SUMMARIZING} from the model, with the versioned
 * {@code conversation.summarize} prompt. The turns to summarise are cut to fit the model's own budget first.
 */
public final class LlmSummarizer implements Summarizer {

    public static final String PROMPT = "conversation.summarize";

    private final LlmGateway gateway;
    private final Prompt prompt;
    private final String agent;

    public LlmSummarizer(LlmGateway gateway, PromptRegistry prompts, String agent) {
        this.gateway = gateway;
        this.prompt = prompts.get(PROMPT);
        this.agent = agent;
    }

    @Override
    public String summarize(List<ChatMessage> turns, int maxWords) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : turns) {
            sb.append(role(m)).append(": ").append(text(m)).append('\n');
        }
        ContextBudget budget = ContextBudget.of(gateway.model(), maxWords * 2);
        String text = sb.toString();
        int tokens = gateway.tokenCounter().count(text);
        int room = budget.promptLimit() - 600;
        if (tokens > room) {
            int keep = (int) Math.max(200, (long) text.length() * room / tokens / 2);
            text = Pruner.trim(text, keep, tokens);
        }
        Prompt.Rendered rendered = prompt.render(Map.of("turns", text, "max_words", maxWords));
        LlmResult r = gateway.chat(new LlmCall(agent, "compaction-" + UUID.randomUUID(), rendered.ref(),
                List.of(UserMessage.from(rendered.text())), List.of(), maxWords * 2, prompt.temperature()));
        if (r.refused() || r.message().text() == null || r.message().text().isBlank()) {
            throw new IllegalStateException("the model gave no summary");
        }
        return r.message().text().trim();
    }

    private static String role(ChatMessage m) {
        if (m instanceof UserMessage) {
            return "user";
        }
        if (m instanceof ToolExecutionResultMessage t) {
            return "tool (" + t.toolName() + ")";
        }
        if (m instanceof SystemMessage) {
            return "earlier summary";
        }
        return "assistant";
    }

    private static String text(ChatMessage m) {
        if (m instanceof UserMessage u && u.hasSingleText()) {
            return u.singleText();
        }
        if (m instanceof ToolExecutionResultMessage t) {
            return t.text();
        }
        if (m instanceof SystemMessage s) {
            return s.text();
        }
        if (m instanceof AiMessage a) {
            if (a.hasToolExecutionRequests()) {
                StringBuilder sb = new StringBuilder(a.text() == null ? "" : a.text());
                a.toolExecutionRequests().forEach(r -> sb.append(" [calls ").append(r.name()).append(' ')
                        .append(r.arguments()).append(']'));
                return sb.toString().trim();
            }
            return a.text();
        }
        return String.valueOf(m);
    }
}
