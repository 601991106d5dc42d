package dev.aiops.examples.embedded;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.contract.Tier;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two agents defined in code with the builder API and run through the runtime: a tier-1 inventory of the
 * embedding service's own pods, and a tier-2 capacity report that calls it. Run it with
 * {@code ./mvnw -q -Prun-example -pl examples/embedded-agent -am package -DskipTests -Djacoco.skip=true}.
 */
public final class EmbeddedAgentExample {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The embedding service's data: pod name to requested CPU in millicores. */
    private static final Map<String, Integer> PODS = Map.of("checkout-1", 250, "checkout-2", 250, "search-1", 500);

    private EmbeddedAgentExample() {
    }

    /** The two agents, built with the same immutable model the YAML descriptors produce. */
    static List<AgentDescriptor> agents() {
        AgentDescriptor inventory = AgentDescriptor.builder("pod-inventory")
                .tier(Tier.INFRASTRUCTURE)
                .version("1.0.0")
                .description("The pods this service runs, with their CPU requests.")
                .skill(SkillContract.builder("inventory.pods.list")
                        .version("1.0.0")
                        .description("Lists pods whose name starts with a prefix.")
                        .input("""
                                {"type":"object","required":["prefix"],"additionalProperties":false,
                                 "properties":{"prefix":{"type":"string"}}}""")
                        .output("""
                                {"type":"object","required":["pods"],"properties":{"pods":{"type":"array",
                                 "items":{"type":"object","required":["name","cpuMillis"],"properties":{
                                   "name":{"type":"string"},"cpuMillis":{"type":"integer","minimum":0}}}}}}""")
                        .build())
                .build();
        AgentDescriptor capacity = AgentDescriptor.builder("capacity-report")
                .tier(Tier.DOMAIN)
                .version("1.0.0")
                .description("Sums the CPU requested by a group of pods.")
                .dependsOn("inventory.pods.list", "^1.0")
                .skill(SkillContract.builder("capacity.report")
                        .version("1.0.0")
                        .description("Total CPU requested by the pods of one application.")
                        .input("""
                                {"type":"object","required":["app"],"additionalProperties":false,
                                 "properties":{"app":{"type":"string","minLength":1}}}""")
                        .output("""
                                {"type":"object","required":["app","pods","cpuMillis"],"properties":{
                                 "app":{"type":"string"},"pods":{"type":"integer"},"cpuMillis":{"type":"integer"}}}""")
                        .build())
                .build();
        return List.of(inventory, capacity);
    }

    /** A runtime with both handlers bound. The caller closes it. */
    static AgentRuntime runtime() {
        CompositionGraph graph = CompositionGraph.of(agents(), Set.of());
        return AgentRuntime.builder(graph)
                .bind("inventory.pods.list", call -> {
                    String prefix = call.input().get("prefix").asString();
                    ObjectNode out = JSON.createObjectNode();
                    ArrayNode pods = out.putArray("pods");
                    PODS.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).sorted(Map.Entry.comparingByKey())
                            .forEach(e -> pods.addObject().put("name", e.getKey()).put("cpuMillis", e.getValue()));
                    return out;
                })
                .bind("capacity.report", call -> {
                    String app = call.input().get("app").asString();
                    JsonNode pods = call.invoke("inventory.pods.list",
                            JSON.createObjectNode().put("prefix", app + "-")).orThrow().get("pods");
                    int cpu = 0;
                    for (JsonNode p : pods) {
                        cpu += p.get("cpuMillis").asInt();
                    }
                    return JSON.createObjectNode().put("app", app).put("pods", pods.size()).put("cpuMillis", cpu);
                })
                .build();
    }

    static void run(PrintStream out) {
        try (AgentRuntime runtime = runtime()) {
            InvocationResult ok = runtime.invoke("capacity.report",
                    JSON.createObjectNode().put("app", "checkout"), InvocationContext.create());
            out.println("capacity.report -> " + ok.output());
            out.println("  travelled as CloudEvents: " + ok.envelope().toJson().get("type").asString()
                    + " path=" + String.join("/", ok.envelope().path()));

            InvocationResult bad = runtime.invoke("capacity.report",
                    JSON.createObjectNode().put("application", "checkout"), InvocationContext.create());
            out.println("capacity.report with a wrong field -> " + bad.error());
            bad.violations().forEach(v -> out.println("  " + v));
        }
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
