package dev.aiops.domain.runbook;

import dev.aiops.core.llm.LlmCall;
import dev.aiops.core.llm.LlmGateway;
import dev.aiops.core.llm.LlmResult;
import dev.aiops.core.prompt.Prompt;
import dev.aiops.core.prompt.PromptRegistry;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model rewrites a runbook's prose through the versioned {@code runbook.rewrite} prompt; its answer is used only
 * when every command block and every heading come back exactly as they were. Otherwise the generated runbook stands
 * and the reason is given: a model never adds, drops or edits a command.
 */
public final class RunbookRewriter {

    public static final String PROMPT = "runbook.rewrite";
    private static final Pattern FENCE = Pattern.compile("```bash\\s*\\n(.*?)\\n\\s*```", Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} .*$");

    /** The runbook to print, whether it is the model's, and why not when it is not. */
    public record Result(String markdown, boolean rewritten, String reason, String prompt) {
    }

    private final LlmGateway gateway;

    public RunbookRewriter(LlmGateway gateway) {
        this.gateway = gateway;
    }

    public Result rewrite(String markdown) {
        Prompt prompt = PromptRegistry.fromClasspath().get(PROMPT);
        Prompt.Rendered text = prompt.render(Map.of("runbook", markdown, "audience", "an on-call SRE new to this"
                + " service"));
        Object maxOut = prompt.modelHints().get("maxOutputTokens");
        LlmResult r = gateway.chat(new LlmCall("runbooks", UUID.randomUUID().toString(), text.ref(),
                List.of(UserMessage.from(text.text())), List.of(), maxOut instanceof Number n ? n.intValue() : null,
                prompt.temperature()));
        String ref = PROMPT + " " + prompt.version();
        String answer = r.message() == null ? null : r.message().text();
        if (r.refused() || answer == null || answer.isBlank()) {
            return new Result(markdown, false, "the model gave no rewrite", ref);
        }
        String problem = check(markdown, answer);
        return problem == null ? new Result(answer.strip() + "\n", true, null, ref)
                : new Result(markdown, false, problem, ref);
    }

    /** Null when {@code rewritten} keeps every command and heading of {@code original}; else what changed. */
    static String check(String original, String rewritten) {
        List<String> before = commands(original);
        List<String> after = commands(rewritten);
        if (!before.equals(after)) {
            List<String> added = new ArrayList<>(after);
            added.removeAll(before);
            List<String> dropped = new ArrayList<>(before);
            dropped.removeAll(after);
            return "the model changed the commands (" + (added.isEmpty() ? "" : "added or edited " + added)
                    + (added.isEmpty() || dropped.isEmpty() ? "" : ", ") + (dropped.isEmpty() ? "reordered them"
                    : "dropped " + dropped) + "): its rewrite was not used";
        }
        List<String> headings = all(HEADING, original, 0);
        List<String> kept = all(HEADING, rewritten, 0);
        if (!kept.containsAll(headings)) {
            List<String> missing = new ArrayList<>(headings);
            missing.removeAll(kept);
            return "the model dropped the headings " + missing + ": its rewrite was not used";
        }
        return null;
    }

    /** The commands of the fenced bash blocks, in order, each line stripped. */
    static List<String> commands(String markdown) {
        List<String> out = new ArrayList<>();
        for (String block : all(FENCE, markdown, 1)) {
            for (String line : block.split("\n")) {
                if (!line.isBlank()) out.add(line.strip());
            }
        }
        return out;
    }

    private static List<String> all(Pattern p, String text, int group) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) out.add(m.group(group).strip());
        return out;
    }
}
