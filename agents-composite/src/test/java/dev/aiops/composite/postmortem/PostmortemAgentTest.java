package dev.aiops.composite.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.contract.DescriptorSet;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.ErrorCode;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosticsAgent;
import dev.aiops.domain.timeline.TimelineAgent;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** postmortem.write through the runtime: diagnosis.run and timeline.build are its declared subagents. */
class PostmortemAgentTest {

    private static final Path DUMP = Path.of("..", "agents-domain", "src", "test", "resources", "samples",
            "crashloop-missing-configmap-key", "dump");

    private static AgentRuntime runtime() {
        DescriptorSet descriptors = DescriptorLoader.loadDirectory(Path.of("..", "skills"));
        CompositionGraph graph = CompositionGraph.of(descriptors.descriptors(), Set.of("kubernetes-api", "llm"));
        ClusterSnapshot snapshot = SnapshotReader.read(DUMP);
        ObjectNode source = JsonNodeFactory.instance.objectNode().put("type", "dump").put("name", DUMP.toString());
        return AgentRuntime.builder(graph)
                .bind(DiagnosticsAgent.SKILL, DiagnosticsAgent.handler((type, name) -> snapshot, Diagnoser.standard()))
                .bind(TimelineAgent.SKILL, TimelineAgent.handler(() -> snapshot))
                .bind(PostmortemAgent.SKILL, PostmortemAgent.handler(source, null))
                .build();
    }

    @Test
    void writesThePostmortemFromItsSubagentsThroughTheRuntime() {
        ObjectNode in = JsonNodeFactory.instance.objectNode().put("since", "2026-11-21T09:00:00Z")
                .put("until", "2026-11-21T10:00:00Z").put("namespace", "library");
        try (AgentRuntime runtime = runtime()) {
            InvocationResult r = runtime.invoke(PostmortemAgent.SKILL, in, InvocationContext.create());

            assertThat(r.isSuccess()).as(r.toString()).isTrue();
            assertThat(r.output().path("markdown").asString()).startsWith("# Post-mortem: key LATE_FEE_POLICY")
                    .contains("## Trigger", "new ReplicaSet loan-service-658d47db4");
            assertThat(r.output().path("postmortem").path("impactStart").asString())
                    .isEqualTo("2026-11-21T09:20:31Z");
            assertThat(r.envelope().path()).containsExactly("postmortem");
        }
    }

    @Test
    void aBadWindowIsAnErrorNamingIt() {
        ObjectNode in = JsonNodeFactory.instance.objectNode().put("since", "2026-11-21T09:00:00Z").put("until",
                "soon");
        try (AgentRuntime runtime = runtime()) {
            InvocationResult r = runtime.invoke(PostmortemAgent.SKILL, in, InvocationContext.create());

            assertThat(r.isSuccess()).isFalse();
            assertThat(r.error()).isIn(ErrorCode.INVALID_INPUT, ErrorCode.HANDLER_ERROR);
        }
    }
}
