package dev.aiops.cli;

import dev.aiops.core.llm.LlmNotConfiguredException;
import dev.aiops.core.llm.LlmSettings;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.eval.EvalRun;
import dev.aiops.domain.eval.Evaluation;
import dev.aiops.domain.eval.RubricJudge;
import dev.aiops.domain.eval.Scenario;
import dev.aiops.domain.eval.ScenarioException;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aiops eval}: how well diagnosis does on recorded scenarios, and recording a new one. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Runs diagnosis over scenario folders (a snapshot in dump/ and an expected.json, as in the"
                + " shared samples) and reports per scenario and in total: recall of the expected findings, how many"
                + " name their specific cause, false alarms on objects expected healthy, and time.",
                "With --record DIR, writes the cluster (as aiops snapshot does) to DIR/dump and an expected.json"
                        + " pre-filled from a fresh diagnosis, to edit into a new scenario."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every expectation met and no false alarm (or, with --record, the scenario written)",
                "1:an expected finding missed, without its cause or at another severity, or a false alarm",
                "2:usage error, no scenario in DIR, or an unreadable expected.json or snapshot (the message names the"
                        + " file and JSON pointer)"})
final class EvalCommand implements Callable<Integer> {

    private static final List<String> FORMATS = List.of("text", "json", "junit");

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "A scenario folder, or a folder of them.")
    Path dir;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json or junit (JUnit XML for CI). Default: ${DEFAULT-VALUE}.")
    String output;

    @Option(names = "--with-llm",
            description = "Also have the configured language model grade each report with the eval.rubric prompt"
                    + " (root cause, evidence, safe remediation, 0-5 each) and report tokens and cost. The grades"
                    + " do not change the exit code.")
    boolean withLlm;

    @Option(names = "--record", paramLabel = "DIR",
            description = "Record the cluster given by --demo, --from-dump or --context (default: the current"
                    + " kubeconfig context) as a new scenario in DIR.")
    Path record;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SourceOptions source;

    @Option(names = {"-n", "--namespace"}, split = ",", paramLabel = "NS",
            description = "With --record: only these namespaces.")
    List<String> namespaces = List.of();

    @Spec
    CommandSpec spec;

    private final SnapshotSources sources;
    private final Map<String, String> env;

    EvalCommand(SnapshotSources sources, Map<String, String> env) {
        this.sources = sources;
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if ((dir == null) == (record == null)) {
            err.println("aiops eval: give a scenario folder DIR, or --record DIR to record a new scenario");
            return 2;
        }
        if (record != null) return record(err);
        if (source != null || !namespaces.isEmpty()) {
            err.println("aiops eval: --demo, --from-dump, --context and -n go with --record; a scenario brings its"
                    + " own snapshot");
            return 2;
        }
        if (!FORMATS.contains(output)) {
            err.println("aiops eval: --output takes text, json or junit, not '" + output + "'");
            return 2;
        }
        List<Scenario> scenarios;
        try {
            scenarios = Scenario.find(dir);
        } catch (ScenarioException e) {
            err.println("aiops eval: " + e.getMessage());
            return 2;
        }
        Evaluation evaluation = new Evaluation(Diagnoser.standard());
        if (!withLlm) return report(evaluation, scenarios, err);
        LlmSettings settings;
        try {
            settings = LlmSettings.require(env, LlmSettings.defaultConfigFile(env));
        } catch (LlmNotConfiguredException | IllegalArgumentException e) {
            err.println("aiops eval: --with-llm needs a model: " + e.getMessage());
            return 2;
        }
        try (ConfiguredModel model = ConfiguredModel.open(env, settings)) {
            err.println("aiops eval: grading each report with " + settings.model());
            return report(evaluation.withJudge(new RubricJudge(model.gateway)), scenarios, err);
        }
    }

    private int report(Evaluation evaluation, List<Scenario> scenarios, PrintWriter err) {
        EvalRun run;
        try {
            run = evaluation.run(scenarios);
        } catch (SnapshotException e) {
            err.println("aiops eval: " + e.getMessage());
            return 2;
        }
        run.scenarios().forEach(s -> s.report().warnings()
                .forEach(w -> err.println("aiops eval: " + s.scenario() + ": skipped " + w)));
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (output) {
            case "json" -> run.json();
            case "junit" -> run.junitXml();
            default -> TerminalSafe.text(run.text());
        });
        out.flush();
        return run.passed() ? 0 : 1;
    }

    private int record(PrintWriter err) {
        if (withLlm || !output.equals("text")) {
            err.println("aiops eval: --with-llm and --output go with evaluating a scenario folder, not --record");
            return 2;
        }
        try {
            ClusterSnapshot snapshot = SourceOptions.readOrCurrentContext(source, sources, namespaces, null);
            DiagnosisReport report = Diagnoser.standard().diagnose(snapshot, new LinkedHashSet<>(namespaces),
                    Set.of());
            Path expected = Scenario.record(snapshot, report, record);
            snapshot.warnings().forEach(w -> err.println("aiops eval: skipped " + w));
            long findings = Scenario.find(record).get(0).expected().findings().size();
            spec.commandLine().getOut().println("recorded " + snapshot.objectCount() + " objects in "
                    + record.resolve("dump") + " and " + findings + " expected findings in " + expected
                    + "; edit its description and keywords, then run: aiops eval " + record);
            return 0;
        } catch (SnapshotException | ScenarioException e) {
            err.println("aiops eval: " + e.getMessage());
            return 2;
        }
    }
}
