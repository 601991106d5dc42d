package dev.aiops.domain.runbook;

import dev.aiops.core.runtime.SkillException;
import dev.aiops.core.runtime.SkillHandler;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.DiagnosticsAgent;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.infra.k8s.SnapshotException;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The {@code runbook.generate} skill: the runbook of one finding of a fresh diagnosis of the given source. */
public final class RunbooksAgent {

    public static final String SKILL = "runbook.generate";

    private RunbooksAgent() {
    }

    public static SkillHandler handler(DiagnosticsAgent.SnapshotProvider provider, Diagnoser diagnoser) {
        return call -> {
            JsonNode in = call.input();
            String id = in.get("findingId").asString();
            JsonNode source = in.path("source");
            DiagnosisReport report;
            try {
                report = diagnoser.diagnose(provider.snapshot(source.path("type").asString("demo"),
                        source.path("name").asString(null)), Set.of(), Set.of());
            } catch (SnapshotException e) {
                throw new SkillException(e.getMessage(), false, e);
            }
            Finding finding = report.findings().stream().filter(f -> f.id().equals(id)).findFirst()
                    .orElseThrow(() -> new SkillException("no finding '" + id + "' in a fresh diagnosis of "
                            + report.sourceType() + " " + report.sourceName() + " (it may be fixed already)", false));
            return toJson(RunbookGenerator.generate(finding));
        };
    }

    /** The runbook in the {@code runbook.generate} output contract. */
    public static ObjectNode toJson(Runbook rb) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("findingId", rb.findingId());
        o.put("title", rb.title());
        steps(o.putArray("steps"), rb.steps());
        steps(o.putArray("rollback"), rb.rollback());
        return o;
    }

    private static void steps(ArrayNode out, java.util.List<Runbook.Step> steps) {
        for (Runbook.Step s : steps) {
            ObjectNode n = out.addObject().put("description", s.description()).put("destructive", s.destructive());
            if (s.command() != null) {
                n.put("command", s.command());
            }
        }
    }
}
