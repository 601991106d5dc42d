package dev.aiops.domain.spec;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.infra.k8s.ClusterSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates specs: the file against the schema (by {@link SpecReader}), then the objects it renders in each of
 * its environments against the diagnosis, the same {@link Diagnoser} that {@code aiops diagnose} runs. Rendered
 * objects carry no pods and no status, so only configuration can be found wrong: the workload policies
 * ({@code PolicyViolation}), autoscalers, disruption budgets, Services and StatefulSets that do not fit together.
 */
public final class SpecValidator {

    private final Diagnoser diagnoser;

    public SpecValidator(Diagnoser diagnoser) {
        this.diagnoser = diagnoser.withThreads(1);
    }

    /** With every built-in analyzer. */
    public static SpecValidator standard() {
        return new SpecValidator(Diagnoser.standard());
    }

    /** Reads and validates one file. */
    public SpecValidation validate(Path file) {
        SpecRead read = SpecReader.read(file);
        return new SpecValidation(file.toString(), read.problems(),
                read.valid() ? violations(read.spec()) : List.of());
    }

    /** The violations of every environment of {@code spec}, environment by environment. */
    public List<SpecViolation> violations(DeploymentSpec spec) {
        List<SpecViolation> out = new ArrayList<>();
        for (String env : spec.environments().keySet()) out.addAll(violations(spec, env));
        return out;
    }

    /** The violations of {@code spec} rendered for {@code environment}: one per cause of each finding. */
    public List<SpecViolation> violations(DeploymentSpec spec, String environment) {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("spec",
                spec.name() + "/" + environment));
        for (ObjectNode o : SpecRenderer.manifests(spec, environment)) b.add(o);
        DiagnosisReport report = diagnoser.diagnose(b.build(), Set.of(), Set.of());
        List<SpecViolation> out = new ArrayList<>();
        for (Finding f : report.findings()) {
            if (f.category() == Category.PolicyViolation) {
                // the policy analyzer gives one finding per workload, with each broken policy as evidence
                for (Evidence e : f.evidence()) {
                    out.add(new SpecViolation(environment, f.object(), f.category(), f.severity(), e.text()));
                }
            } else {
                out.add(new SpecViolation(environment, f.object(), f.category(), f.severity(), f.rootCause()));
            }
        }
        return out;
    }
}
