package dev.aiops.domain.eval;

import dev.aiops.core.llm.Usage;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.ObjectRef;
import java.util.OptionalDouble;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON evaluation report: {@code scenarios} (each with its findings, false alarms and rubric) and {@code total}. */
final class EvalJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EvalJson() {
    }

    static String render(EvalRun run) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode scenarios = root.putArray("scenarios");
        for (ScenarioScore s : run.scenarios()) {
            ObjectNode o = scenarios.addObject().put("name", s.scenario()).put("passed", s.passed())
                    .put("expected", s.expected()).put("found", s.found()).put("namedCause", s.namedCause())
                    .put("timeMs", s.millis());
            ArrayNode findings = o.putArray("findings");
            for (ScenarioScore.Outcome x : s.outcomes()) {
                ObjectNode f = findings.addObject().put("category", x.expected().category().name());
                f.set("object", ref(x.expected().object()));
                if (x.expected().owner() != null) f.set("owner", ref(x.expected().owner()));
                f.put("found", x.found()).put("namesCause", x.found() && x.namesCause())
                        .put("severityMet", x.found() && x.severityMet()).put("met", x.met());
                if (x.found()) f.set("finding", finding(x.match()));
                if (!x.met()) f.put("problem", x.problem());
            }
            ArrayNode alarms = o.putArray("falseAlarms");
            for (ScenarioScore.FalseAlarm a : s.falseAlarms()) {
                ObjectNode f = alarms.addObject();
                f.set("finding", finding(a.finding()));
                if (a.healthy() != null) f.set("listedHealthy", ref(a.healthy()));
                f.put("problem", a.toString());
            }
            if (s.rubric() != null) o.set("rubric", rubric(s.rubric()));
        }
        ObjectNode total = root.putObject("total").put("scenarios", run.scenarios().size()).put("passed", run.passed())
                .put("expected", run.expected()).put("found", run.found()).put("recall", run.recall())
                .put("namedCause", run.namedCause()).put("causeShare", run.causeShare())
                .put("falseAlarms", run.falseAlarms()).put("timeMs", run.millis());
        if (!run.rubrics().isEmpty()) {
            ObjectNode r = total.putObject("rubric").put("prompt", run.rubrics().get(0).prompt())
                    .put("graded", run.rubrics().stream().filter(Rubric::graded).count());
            mean(r, "rootCause", run, Rubric::rootCause);
            mean(r, "evidence", run, Rubric::evidence);
            mean(r, "remediation", run, Rubric::remediation);
            usage(r, run.rubricUsage());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static void mean(ObjectNode o, String name, EvalRun run, Function<Rubric, Rubric.Grade> criterion) {
        OptionalDouble d = run.rubricMean(criterion);
        if (d.isPresent()) o.put(name, Math.round(d.getAsDouble() * 100) / 100.0);
        else o.putNull(name);
    }

    private static ObjectNode rubric(Rubric r) {
        ObjectNode o = JSON.createObjectNode().put("prompt", r.prompt()).put("graded", r.graded());
        if (r.graded()) {
            grade(o, "rootCause", r.rootCause());
            grade(o, "evidence", r.evidence());
            grade(o, "remediation", r.remediation());
        } else {
            o.put("error", r.error());
        }
        usage(o, r.usage());
        return o;
    }

    private static void grade(ObjectNode o, String name, Rubric.Grade g) {
        o.putObject(name).put("score", g.score()).put("reason", g.reason());
    }

    private static void usage(ObjectNode o, Usage u) {
        o.put("inputTokens", u.inputTokens()).put("outputTokens", u.outputTokens())
                .put("estimated", u.estimated()).put("costUsd", u.costUsd());
    }

    private static ObjectNode finding(Finding f) {
        ObjectNode o = JSON.createObjectNode().put("id", f.id()).put("category", f.category().name())
                .put("severity", f.severity().label());
        o.set("object", ref(f.object()));
        o.put("summary", f.summary());
        return o;
    }

    private static ObjectNode ref(ObjectRef r) {
        ObjectNode o = JSON.createObjectNode().put("kind", r.kind());
        if (r.namespace() != null) o.put("namespace", r.namespace());
        return o.put("name", r.name());
    }
}
