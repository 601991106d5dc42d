package dev.aiops.cli;

import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.runbook.Runbook;
import dev.aiops.domain.runbook.RunbookGenerator;
import dev.aiops.domain.runbook.RunbookMarkdown;
import dev.aiops.domain.runbook.RunbooksAgent;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiops runbook generate}: the runbook of a finding, with its rollback plan, offline. */
@Command(name = "runbook", mixinStandardHelpOptions = true, description = "Operational runbooks with rollback plans.")
final class RunbookCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "The runbook of one finding of a fresh diagnosis: the steps with their commands (each"
                    + " classified as the on-call agent reviews it) and the rollback plan.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:written", "2:usage error, unreadable input, or no such finding"})
    static final class Generate implements Callable<Integer> {

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        SourceOptions source;

        /** What the runbook is for: one finding of a cluster, or a deployment spec. */
        static final class Subject {
            @Option(names = "--finding", paramLabel = "ID",
                    description = "A finding of a fresh diagnosis of SOURCE: its id, its number, or its object's name.")
            String finding;

            @Option(names = "--from-spec", paramLabel = "FILE",
                    description = "A deployment spec: deploy, verify, scale, failure modes and dependencies, each"
                            + " change with its rollback plan.")
            java.nio.file.Path spec;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Subject subject;

        @Option(names = "--env", defaultValue = "production", paramLabel = "ENV",
                description = "With --from-spec: the environment (dev, staging, production). Default: ${DEFAULT-VALUE}.")
        String env;

        @Option(names = {"-n", "--namespace"}, split = ",", paramLabel = "NS", description = "Only these namespaces.")
        List<String> namespaces = List.of();

        @Option(names = {"-o", "--output"}, defaultValue = "markdown", paramLabel = "FORMAT",
                description = "markdown or json (the runbook.generate output). Default: ${DEFAULT-VALUE}.")
        String output;

        @Option(names = "--rewrite", description = "Markdown only: the configured model rewrites the prose (prompt"
                + " runbook.rewrite); its text is used only if every command and heading is unchanged.")
        boolean rewrite;

        @Spec
        CommandSpec spec;

        private final SnapshotSources sources;

        Generate(SnapshotSources sources) {
            this.sources = sources;
        }

        /** Prints {@code markdown}, rewritten by the model when asked and when the rewrite keeps every command. */
        private int printMarkdown(String markdown, PrintWriter out, PrintWriter err) {
            if (!rewrite) {
                out.print(TerminalSafe.text(markdown));
                out.flush();
                return 0;
            }
            java.util.Map<String, String> env = sources.env();
            dev.aiops.core.llm.LlmSettings settings;
            try {
                settings = dev.aiops.core.llm.LlmSettings.require(env, dev.aiops.core.llm.LlmSettings.defaultConfigFile(env));
            } catch (dev.aiops.core.llm.LlmNotConfiguredException e) {
                err.println("aiops runbook generate: --rewrite needs a model: " + e.getMessage());
                return 2;
            }
            try (ConfiguredModel model = ConfiguredModel.open(env, settings)) {
                dev.aiops.domain.runbook.RunbookRewriter.Result r =
                        new dev.aiops.domain.runbook.RunbookRewriter(model.gateway).rewrite(markdown);
                if (r.rewritten()) {
                    out.println("> Prose rewritten by " + settings.model() + " (prompt " + r.prompt() + "); every"
                            + " command was checked to be unchanged.\n");
                } else {
                    err.println("aiops runbook generate: " + r.reason() + "; printing the generated runbook");
                }
                out.print(TerminalSafe.text(r.markdown()));
            } catch (RuntimeException e) {
                err.println("aiops runbook generate: the model's rewrite failed (" + e.getMessage()
                        + "); printing the generated runbook");
                out.print(TerminalSafe.text(markdown));
            }
            out.flush();
            return 0;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!output.equals("markdown") && !output.equals("json")) {
                err.println("aiops runbook generate: -o must be markdown or json, not '" + output + "'");
                return 2;
            }
            if (subject.spec != null) return fromSpec(out, err);
            if (source == null) {
                err.println("aiops runbook generate: --finding needs a cluster: --demo, --from-dump PATH or --context CTX");
                return 2;
            }
            String finding = subject.finding;
            DiagnosisReport report;
            try {
                ClusterSnapshot s = source.read(sources, namespaces, null);
                report = Diagnoser.standard().diagnose(s, Set.copyOf(namespaces), Set.of());
            } catch (SnapshotException e) {
                err.println("aiops runbook generate: " + e.getMessage());
                return 2;
            }
            List<Finding> byName = report.findings().stream().filter(x -> x.object().name().equals(finding)).toList();
            if (byName.size() > 1 && find(report.findings(), finding) == null) {
                err.println("aiops runbook generate: '" + finding + "' matches " + byName.size() + " findings; give"
                        + " one of their ids: " + String.join(", ", byName.stream().map(Finding::id).toList()));
                return 2;
            }
            Finding f = find(report.findings(), finding);
            if (f == null) {
                err.println("aiops runbook generate: no finding '" + finding + "' in a fresh diagnosis of "
                        + report.sourceType() + " " + report.sourceName() + " (" + report.findings().size()
                        + " findings; see aiops diagnose)");
                return 2;
            }
            Runbook rb = RunbookGenerator.generate(f);
            if (output.equals("json")) {
                out.print(RunbooksAgent.toJson(rb).toPrettyString() + "\n");
                out.flush();
                return 0;
            }
            return printMarkdown(RunbookMarkdown.of(rb), out, err);
        }

        private int fromSpec(PrintWriter out, PrintWriter err) {
            dev.aiops.domain.spec.SpecRead read = dev.aiops.domain.spec.SpecReader.read(subject.spec);
            if (read.spec() == null) {
                err.println("aiops runbook generate: " + subject.spec + " is not a valid deployment spec:");
                read.problems().forEach(p -> err.println("  " + p));
                return 2;
            }
            if (!dev.aiops.domain.spec.DeploymentSpec.ENVIRONMENTS.contains(env)) {
                err.println("aiops runbook generate: --env takes " + String.join(", ",
                        dev.aiops.domain.spec.DeploymentSpec.ENVIRONMENTS) + ", not '" + env + "'");
                return 2;
            }
            dev.aiops.domain.runbook.SpecRunbook rb = dev.aiops.domain.runbook.SpecRunbook.generate(read.spec(), env,
                    subject.spec.toString());
            if (output.equals("json")) {
                out.print(dev.aiops.domain.runbook.SpecRunbookText.json(rb).toPrettyString() + "\n");
                out.flush();
                return 0;
            }
            return printMarkdown(dev.aiops.domain.runbook.SpecRunbookText.markdown(rb), out, err);
        }

        /** By id, by its 1-based number in the report, or by the name of its object (when only one matches). */
        static Finding find(List<Finding> findings, String key) {
            for (Finding f : findings) if (f.id().equals(key)) return f;
            if (key.matches("[0-9]{1,4}")) {
                int i = Integer.parseInt(key) - 1;
                return i >= 0 && i < findings.size() ? findings.get(i) : null;
            }
            List<Finding> byName = findings.stream().filter(f -> f.object().name().equals(key)).toList();
            return byName.size() == 1 ? byName.get(0) : null;
        }
    }
}
