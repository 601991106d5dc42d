package dev.aiops.domain.eval;

import dev.aiops.core.llm.Usage;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;

/** The scores of every scenario of one evaluation, their totals, and the report in text, JSON or JUnit XML. */
public record EvalRun(List<ScenarioScore> scenarios) {

    public EvalRun {
        scenarios = List.copyOf(scenarios);
    }

    public int expected() {
        return scenarios.stream().mapToInt(ScenarioScore::expected).sum();
    }

    public int found() {
        return scenarios.stream().mapToInt(ScenarioScore::found).sum();
    }

    public int namedCause() {
        return scenarios.stream().mapToInt(ScenarioScore::namedCause).sum();
    }

    public int falseAlarms() {
        return scenarios.stream().mapToInt(s -> s.falseAlarms().size()).sum();
    }

    public long millis() {
        return scenarios.stream().mapToLong(ScenarioScore::millis).sum();
    }

    /** Found of expected, 1 when nothing was expected. */
    public double recall() {
        return expected() == 0 ? 1 : (double) found() / expected();
    }

    /** Named their specific cause of expected, 1 when nothing was expected. */
    public double causeShare() {
        return expected() == 0 ? 1 : (double) namedCause() / expected();
    }

    /** Every expectation of every scenario met, and no false alarm. */
    public boolean passed() {
        return scenarios.stream().allMatch(ScenarioScore::passed);
    }

    /** The rubrics the model gave, graded or failed; empty when no model was asked. */
    public List<Rubric> rubrics() {
        return scenarios.stream().map(ScenarioScore::rubric).filter(Objects::nonNull).toList();
    }

    /** What every model call cost together. */
    public Usage rubricUsage() {
        return rubrics().stream().map(Rubric::usage).reduce(Usage.NONE, Usage::plus);
    }

    /** The mean score of one criterion over the graded reports; empty when none was graded. */
    public OptionalDouble rubricMean(Function<Rubric, Rubric.Grade> criterion) {
        return rubrics().stream().filter(Rubric::graded).mapToInt(r -> criterion.apply(r).score()).average();
    }

    /** A table per scenario with what was missed and every false alarm, then the totals. */
    public String text() {
        return EvalText.render(this);
    }

    /** The same as JSON. */
    public String json() {
        return EvalJson.render(this);
    }

    /**
     * JUnit XML: one test suite, one test case per expected finding and one per scenario for false alarms, each
     * failure with its reason, so a CI server shows which expectation broke.
     */
    public String junitXml() {
        return EvalJunit.render(this);
    }
}
