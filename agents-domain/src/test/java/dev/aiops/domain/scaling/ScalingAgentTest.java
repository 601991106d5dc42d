package dev.aiops.domain.scaling;

import static dev.aiops.domain.scaling.UsageScenarios.END;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.contract.DescriptorSet;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.ErrorCode;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import dev.aiops.infra.k8s.ClusterReaderSkills;
import dev.aiops.infra.metrics.MetricsSkills;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** scaling.recommend through the runtime, reading the cluster and a real Prometheus through its declared skills. */
class ScalingAgentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static AgentRuntime runtime() {
        DescriptorSet descriptors = DescriptorLoader.loadDirectory(Path.of("..", "skills"));
        CompositionGraph graph = CompositionGraph.of(descriptors.descriptors(),
                Set.of("kubernetes-api", "prometheus"));
        AgentRuntime.Builder b = ClusterReaderSkills.bind(AgentRuntime.builder(graph), ScalingClusters::scenarios);
        MetricsSkills.bind(b, ScenarioPrometheus.client());
        return b.bind(ScalingAgent.SKILL, ScalingAgent.handler(AdvisorSettings.DEFAULT,
                Clock.fixed(END, ZoneOffset.UTC))).build();
    }

    private static ObjectNode input(String namespace, String workload) {
        return JSON.createObjectNode().put("namespace", namespace).put("workload", workload).put("window", "14d");
    }

    @Test
    void recommendsForOneWorkloadThroughTheRuntimeInTheContractsShape() throws Exception {
        try (AgentRuntime runtime = runtime()) {
            InvocationResult r = runtime.invoke(ScalingAgent.SKILL, input("shop", "steady"), InvocationContext.create());

            assertThat(r.isSuccess()).as(r.toString()).isTrue();
            assertThat(ScalingClusters.contract().validate(r.output())).isEmpty();
            JsonNode c = r.output().path("containers");
            assertThat(c).hasSize(1);
            assertThat(c.get(0).path("workload").path("name").asString()).isEqualTo("steady");
            assertThat(c.get(0).path("status").asString()).isEqualTo("ok");
            // the same numbers as the advisor reading Prometheus directly
            ScalingReport direct = new ScalingAdvisor(ScenarioPrometheus.client(), AdvisorSettings.DEFAULT,
                    Clock.fixed(END, ZoneOffset.UTC)).advise(ScalingScope.of(Set.of("shop"), UsageScenarios.WINDOW,
                    ScalingClusters.scenarios()).withEnd(END).withWorkload("steady"));
            JsonNode expected = ScalingReportJson.of(direct).path("containers").get(0);
            assertThat(c.get(0).path("recommended")).isEqualTo(expected.path("recommended"));
            assertThat(c.get(0).path("reasoning").path("samples")).isEqualTo(expected.path("reasoning").path("samples"));
            assertThat(r.output().path("replicas").get(0).path("recommended").asInt()).isEqualTo(2);
        }
    }

    @Test
    void anUnknownWorkloadIsAnErrorThatNamesIt() {
        try (AgentRuntime runtime = runtime()) {
            InvocationResult r = runtime.invoke(ScalingAgent.SKILL, input("shop", "nope"), InvocationContext.create());

            assertThat(r.error()).isEqualTo(ErrorCode.HANDLER_ERROR);
            assertThat(r.message()).contains("nope", "shop");
        }
    }

    @Test
    void aBadWindowIsRefusedByTheContract() {
        try (AgentRuntime runtime = runtime()) {
            ObjectNode in = input("shop", "steady").put("window", "two weeks");

            InvocationResult r = runtime.invoke(ScalingAgent.SKILL, in, InvocationContext.create());

            assertThat(r.error()).isEqualTo(ErrorCode.INVALID_INPUT);
        }
    }
}
