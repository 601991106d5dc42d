package dev.aiops.domain.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.contract.DescriptorSet;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.ErrorCode;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import dev.aiops.infra.k8s.SnapshotReader;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The diagnostics agent runs through the runtime against its own descriptor in skills/. */
class DiagnosticsAgentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static AgentRuntime runtime() {
        DescriptorSet descriptors = DescriptorLoader.loadDirectory(Path.of("..", "skills"));
        CompositionGraph graph = CompositionGraph.of(descriptors.descriptors(), Set.of("kubernetes-api"));
        return AgentRuntime.builder(graph)
                .bind(DiagnosticsAgent.SKILL, DiagnosticsAgent.handler((type, name) -> SnapshotReader.read(Path.of(name)),
                        Diagnoser.standard()))
                .build();
    }

    @Test
    void diagnosesThroughTheRuntimeWithAContractValidOutput() {
        ObjectNode input = JSON.createObjectNode();
        input.putObject("source").put("type", "dump")
                .put("name", TestResources.resource("samples/crashloop-missing-configmap-key/dump").toString());
        input.putArray("categories").add("ContainerConfigError");

        try (AgentRuntime runtime = runtime()) {
            InvocationResult r = runtime.invoke(DiagnosticsAgent.SKILL, input, InvocationContext.create());

            assertThat(r.isSuccess()).as(r.toString()).isTrue();
            assertThat(r.output().path("findings")).hasSize(1);
            assertThat(r.output().path("findings").get(0).path("rootCause").asString()).contains("LATE_FEE_POLICY");
            assertThat(TestResources.reportSchema().validate(r.output())).isEmpty();
            assertThat(r.envelope().path()).containsExactly("diagnostics");
        }
    }

    @Test
    void reportsUnreadableSourcesAndUnknownCategoriesAsErrors() {
        ObjectNode missing = JSON.createObjectNode();
        missing.putObject("source").put("type", "dump").put("name", "/no/such/dump");
        ObjectNode badCategory = JSON.createObjectNode();
        badCategory.putObject("source").put("type", "dump")
                .put("name", TestResources.resource("samples/healthy-small/dump").toString());
        badCategory.putArray("categories").add("Gremlins");

        try (AgentRuntime runtime = runtime()) {
            InvocationResult a = runtime.invoke(DiagnosticsAgent.SKILL, missing, InvocationContext.create());
            InvocationResult b = runtime.invoke(DiagnosticsAgent.SKILL, badCategory, InvocationContext.create());

            assertThat(a.error()).isEqualTo(ErrorCode.HANDLER_ERROR);
            assertThat(a.message()).contains("/no/such/dump");
            assertThat(a.attempts()).isEqualTo(1);
            assertThat(b.message()).contains("Gremlins");
        }
    }
}
