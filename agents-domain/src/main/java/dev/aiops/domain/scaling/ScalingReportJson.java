package dev.aiops.domain.scaling;

import dev.aiops.core.contract.Durations;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A {@link ScalingReport} as the scaling-recommendations v1 contract has it. */
public final class ScalingReportJson {

    private ScalingReportJson() {
    }

    public static ObjectNode of(ScalingReport r) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("schemaVersion", "1").put("generatedAt", r.generatedAt().toString());
        ObjectNode source = out.putObject("source").put("type", r.sourceType());
        if (r.sourceUrl() != null) source.put("url", r.sourceUrl());
        ObjectNode window = out.putObject("window").put("start", r.start().toString()).put("end", r.end().toString());
        if (r.step() != null) window.put("step", Durations.text(r.step()));
        var containers = out.putArray("containers");
        for (ContainerAdvice a : r.containers()) {
            ObjectNode c = containers.addObject();
            workload(c.putObject("workload"), a.workload());
            c.put("container", a.container()).put("status", a.status().wire());
            if (a.reason() != null) c.put("reason", a.reason());
            if (!a.current().isUnknown()) resources(c.putObject("current"), a.current());
            if (a.recommended() != null) {
                resources(c.putObject("recommended"), a.recommended());
                c.put("confidence", a.confidence());
                c.putObject("costDelta").put("monthly", a.monthlyCostDelta()).put("currency", r.currency());
            }
            if (a.reasoning() != null) c.set("reasoning", a.reasoning().deepCopy());
        }
        var replicas = out.putArray("replicas");
        for (ReplicaAdvice a : r.replicas()) {
            ObjectNode o = replicas.addObject();
            workload(o.putObject("workload"), a.workload());
            o.put("current", a.current()).put("recommended", a.recommended());
            o.set("reasoning", a.reasoning().deepCopy());
        }
        var warnings = out.putArray("warnings");
        r.warnings().forEach(warnings::add);
        return out;
    }

    private static void workload(ObjectNode o, Workload w) {
        o.put("kind", w.kind()).put("namespace", w.namespace()).put("name", w.name());
    }

    private static void resources(ObjectNode o, Resources r) {
        ObjectNode req = o.putObject("requests");
        req.put("cpu", Sizes.cpu(r.cpuRequest()));
        req.put("memory", Sizes.memory(r.memoryRequest()));
        ObjectNode lim = o.putObject("limits");
        lim.put("cpu", Sizes.cpu(r.cpuLimit()));
        lim.put("memory", Sizes.memory(r.memoryLimit()));
    }
}
