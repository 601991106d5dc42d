package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.composite.oncall.OpenAiScript;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code aiops eval --with-llm} against WireMock speaking the OpenAI chat-completions API. */
class EvalWithModelTest {

    private static final String GRADES = """
            {"rootCause": {"score": 5, "reason": "names the missing key LATE_FEE_POLICY"},
             "evidence": {"score": 4, "reason": "quotes the kubelet event"},
             "remediation": {"score": 3, "reason": "adds the key but does not say which value"}}""";

    @TempDir
    Path home;
    private final OpenAiScript model = new OpenAiScript();

    @AfterEach
    void stop() {
        model.close();
    }

    private Map<String, String> env() {
        return Map.of("HOME", home.toString(), "AIOPS_LLM_MODEL", "gpt-4o-mini", "AIOPS_LLM_API_KEY", "sk-test",
                "AIOPS_LLM_BASE_URL", model.baseUrl());
    }

    @Test
    void theModelGradesEachReportAndTheTokensAndCostAreReported() {
        model.answer(GRADES).answer(GRADES).answer(GRADES);

        CliRun r = CliRun.run(env(), "eval", EvalCommandTest.SAMPLES.toString(), "--with-llm", "-o", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.at("/scenarios/0/rubric/rootCause/score").asInt()).isEqualTo(5);
        assertThat(json.at("/scenarios/2/rubric/remediation/reason").asString()).contains("which value");
        assertThat(json.at("/total/rubric/graded").asInt()).isEqualTo(3);
        assertThat(json.at("/total/rubric/evidence").asDouble()).isEqualTo(4.0);
        assertThat(json.at("/total/rubric/inputTokens").asLong()).isEqualTo(3 * 1200);
        assertThat(json.at("/total/rubric/outputTokens").asLong()).isEqualTo(3 * 80);
        assertThat(json.at("/total/rubric/costUsd").asDouble()).isPositive();
        assertThat(json.at("/total/rubric/prompt").asString()).isEqualTo("eval.rubric 1.0.0");
        assertThat(model.requests()).hasSize(3);
        assertThat(model.requests().get(0)).contains("You grade an automated Kubernetes diagnosis",
                "LATE_FEE_POLICY", "\\\"additionalProperties\\\": false");
        assertThat(model.requests().get(1)).contains("(none: the cluster is healthy");
    }

    @Test
    void anAnswerOutsideTheRubricIsReportedAsSuchAndNeverGuessed() {
        model.answer(GRADES.replace("\"score\": 5", "\"score\": 7")).answer("The report looks good to me.")
                .answer(GRADES);

        CliRun r = CliRun.run(env(), "eval", EvalCommandTest.SAMPLES.toString(), "--with-llm");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(
                "rubric failed: the model's answer does not fit the rubric: /rootCause/score: ",
                "rubric failed: the model's answer is not JSON",
                "rubric: root cause 5/5, evidence 4/5, remediation 3/5 (1,200 tokens in, 80 out, $",
                "Rubric (eval.rubric 1.0.0), mean of 1 graded: root cause 5.0/5");
    }

    @Test
    void withoutAConfiguredModelItIsAUsageError() {
        CliRun r = CliRun.run(Map.of("HOME", home.toString()), "eval", EvalCommandTest.SAMPLES.toString(),
                "--with-llm");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("aiops eval: --with-llm needs a model: No language model is configured");
        assertThat(model.requests()).isEmpty();
    }
}
