package dev.aiops.composite.postmortem;

import dev.aiops.core.llm.LlmCall;
import dev.aiops.core.llm.LlmGateway;
import dev.aiops.core.llm.LlmResult;
import dev.aiops.core.prompt.Prompt;
import dev.aiops.core.prompt.PromptRegistry;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.ReportJson;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The optional model-written analysis of a post-mortem, from the versioned {@code postmortem.draft} prompt: the model
 * sees only the facts the deterministic post-mortem rests on (its timeline lines and the incident's findings, already
 * redacted), and the gateway keeps the request within the model's context budget.
 */
public final class PostmortemAnalyst {

    public static final String PROMPT = "postmortem.draft";

    private final LlmGateway gateway;
    private final String model;

    public PostmortemAnalyst(LlmGateway gateway, String model) {
        this.gateway = gateway;
        this.model = model;
    }

    /** The post-mortem with the analysis added; unchanged when the model refuses. */
    public Postmortem analyse(Postmortem p, DiagnosisReport report) {
        Prompt prompt = PromptRegistry.fromClasspath().get(PROMPT);
        ObjectNode json = ReportJson.toJson(report);
        ArrayNode findings = json.putArray("incidentFindings");
        for (Postmortem.Cause c : p.rootCauses()) {
            json.path("findings").forEach(f -> {
                if (f.path("id").asString().equals(c.findingId())) findings.add(f);
            });
        }
        Prompt.Rendered text = prompt.render(Map.of("incident", p.title(), "timeline", String.join("\n", p.timeline()),
                "findings_json", findings.toPrettyString(), "actions", List.of()));
        Object maxOut = prompt.modelHints().get("maxOutputTokens");
        LlmResult r = gateway.chat(new LlmCall("postmortem", UUID.randomUUID().toString(), text.ref(),
                List.of(UserMessage.from(text.text())), List.of(),
                maxOut instanceof Number n ? n.intValue() : null, prompt.temperature()));
        if (r.refused() || r.message().text() == null || r.message().text().isBlank()) return p;
        return p.withAnalysis(new Postmortem.Analysis(r.message().text(), PROMPT + " " + prompt.version(), model));
    }
}
