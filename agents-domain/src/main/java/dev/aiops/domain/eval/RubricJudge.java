package dev.aiops.domain.eval;

import dev.aiops.core.contract.JsonSchema;
import dev.aiops.core.contract.SchemaViolation;
import dev.aiops.core.llm.LlmCall;
import dev.aiops.core.llm.LlmGateway;
import dev.aiops.core.llm.LlmResult;
import dev.aiops.core.llm.Usage;
import dev.aiops.core.prompt.Prompt;
import dev.aiops.core.prompt.PromptRegistry;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.ReportJson;
import dev.aiops.infra.k8s.LogRedactor;
import dev.langchain4j.data.message.UserMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks a model to grade a diagnosis report against what really happened, through the versioned
 * {@code eval.rubric} prompt. The answer must be one JSON object valid against the rubric's schema (the same schema
 * the prompt shows the model); anything else is a failed grading that says why, never a guessed score. The report
 * goes through the log redactor before the model sees it.
 */
public final class RubricJudge {

    public static final String PROMPT = "eval.rubric";
    private static final String SCHEMA = "dev/aiops/domain/eval/rubric-answer.schema.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final LogRedactor REDACTOR = LogRedactor.standard();

    private final LlmGateway gateway;
    private final Prompt prompt;
    private final String schemaText;
    private final JsonSchema schema;

    public RubricJudge(LlmGateway gateway) {
        this.gateway = gateway;
        this.prompt = PromptRegistry.fromClasspath().get(PROMPT);
        try (InputStream in = RubricJudge.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) throw new IllegalStateException("missing from the classpath: " + SCHEMA);
            this.schemaText = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.schema = JsonSchema.of(JSON.readTree(schemaText));
    }

    /** The prompt's id and version, as reports name it. */
    public String promptRef() {
        return PROMPT + " " + prompt.version();
    }

    /** Grades {@code report} against {@code expected}; a failed call or a bad answer is a {@link Rubric} saying so. */
    public Rubric grade(Expectations expected, DiagnosisReport report) {
        String reportJson = ReportJson.toPrettyString(report).lines()
                .map(l -> REDACTOR.redact(l).line()).collect(Collectors.joining("\n"));
        String findings = expected.findings().isEmpty() ? "(none: the cluster is healthy; a correct report has"
                + " nothing above low severity)" : expected.findings().stream()
                .map(f -> "- " + f + (f.owner() == null ? "" : " (owner " + f.owner() + ")")
                        + (f.keywords().isEmpty() ? "" : ", naming one of: " + String.join(", ", f.keywords())))
                .collect(Collectors.joining("\n"));
        Prompt.Rendered text = prompt.render(Map.of(
                "incident", REDACTOR.redact(expected.description().isBlank() ? "(not described)"
                        : expected.description()).line(),
                "expected_findings", findings, "report_json", reportJson, "answer_schema", schemaText));
        Object maxOut = prompt.modelHints().get("maxOutputTokens");
        LlmResult r;
        try {
            r = gateway.chat(new LlmCall("evaluation", UUID.randomUUID().toString(), text.ref(),
                    List.of(UserMessage.from(text.text())), List.of(),
                    maxOut instanceof Number n ? n.intValue() : null, prompt.temperature()));
        } catch (RuntimeException e) {
            return Rubric.failed("the model call failed: " + e.getMessage(), Usage.NONE, promptRef());
        }
        String answer = r.message() == null ? null : r.message().text();
        if (r.refused() || answer == null || answer.isBlank()) {
            return Rubric.failed("the model gave no grades" + r.refusal().map(x -> ": " + x).orElse(""), r.usage(),
                    promptRef());
        }
        return parse(answer, r.usage());
    }

    /** The grades in {@code answer}, or a failed rubric naming the JSON pointer of what does not fit. */
    Rubric parse(String answer, Usage usage) {
        JsonNode node;
        try {
            node = JSON.readTree(answer.strip());
        } catch (JacksonException e) {
            return Rubric.failed("the model's answer is not JSON: " + JsonSchema.oneLine(e.getOriginalMessage()),
                    usage, promptRef());
        }
        List<SchemaViolation> violations = schema.validate(node);
        if (!violations.isEmpty()) {
            return Rubric.failed("the model's answer does not fit the rubric: " + violations.stream()
                    .map(v -> (v.pointer().isEmpty() ? "/" : v.pointer()) + ": " + v.message())
                    .collect(Collectors.joining("; ")), usage, promptRef());
        }
        return new Rubric(grade(node.get("rootCause")), grade(node.get("evidence")), grade(node.get("remediation")),
                usage, promptRef(), null);
    }

    private static Rubric.Grade grade(JsonNode g) {
        return new Rubric.Grade(g.get("score").asInt(), g.get("reason").asString());
    }
}
