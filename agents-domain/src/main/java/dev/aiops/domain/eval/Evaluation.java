package dev.aiops.domain.eval;

import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.infra.k8s.ClusterSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Runs diagnosis over scenarios and scores each report against its {@code expected.json}; with a
 * {@link RubricJudge}, a model also grades each report. Scenarios run one after another, so each time is its own.
 */
public final class Evaluation {

    private final Diagnoser diagnoser;
    private final RubricJudge judge;
    private final LongSupplier nanoTime;

    public Evaluation(Diagnoser diagnoser) {
        this(diagnoser, null, System::nanoTime);
    }

    private Evaluation(Diagnoser diagnoser, RubricJudge judge, LongSupplier nanoTime) {
        this.diagnoser = diagnoser;
        this.judge = judge;
        this.nanoTime = nanoTime;
    }

    /** The same evaluation, with every report also graded by {@code rubricJudge}. */
    public Evaluation withJudge(RubricJudge rubricJudge) {
        return new Evaluation(diagnoser, rubricJudge, nanoTime);
    }

    /** The same evaluation timing scenarios with {@code clock} (nanoseconds), for tests. */
    Evaluation withNanoTime(LongSupplier clock) {
        return new Evaluation(diagnoser, judge, clock);
    }

    /** Scores every scenario, in order. @throws dev.aiops.infra.k8s.SnapshotException when one cannot be read */
    public EvalRun run(List<Scenario> scenarios) {
        List<ScenarioScore> scores = new ArrayList<>();
        for (Scenario s : scenarios) scores.add(run(s));
        return new EvalRun(scores);
    }

    /** Reads and diagnoses one scenario (timed together) and scores the report. */
    public ScenarioScore run(Scenario scenario) {
        long start = nanoTime.getAsLong();
        ClusterSnapshot snapshot = scenario.read();
        DiagnosisReport report = diagnoser.diagnose(snapshot, Set.of(), Set.of());
        long millis = (nanoTime.getAsLong() - start) / 1_000_000;
        ScenarioScore score = ScenarioScore.of(scenario.name(), scenario.expected(), report, millis);
        return judge == null ? score : score.withRubric(judge.grade(scenario.expected(), report));
    }
}
