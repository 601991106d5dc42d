package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.ErrorCode;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The tier-1 skills, declared in skills/, run through the runtime against a snapshot. */
class ClusterReaderSkillsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private AgentRuntime runtime;

    private static ObjectNode obj(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    @BeforeEach
    void setUp() {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("dump", "test"));
        for (int i = 0; i < 5; i++) {
            b.add(obj("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-" + i + "\",\"namespace\":\"shop\",\"labels\":"
                    + "{\"app\":\"" + (i < 3 ? "web" : "cache") + "\"}}}"));
        }
        b.add(obj("{\"kind\":\"Event\",\"metadata\":{\"name\":\"e1\",\"namespace\":\"shop\"},\"involvedObject\":"
                + "{\"kind\":\"Pod\",\"name\":\"web-1\"},\"reason\":\"BackOff\"}"));
        b.add(obj("{\"kind\":\"Event\",\"metadata\":{\"name\":\"e2\",\"namespace\":\"shop\"},\"involvedObject\":"
                + "{\"kind\":\"Pod\",\"name\":\"web-2\"},\"reason\":\"Pulled\"}"));
        b.addLogs("shop", "web-1", "app", List.of("one", "token=[REDACTED]", "three"));
        b.addLogs("shop", "web-1", "app (previous)", List.of("crashed"));
        ClusterSnapshot snapshot = b.build();
        CompositionGraph graph = CompositionGraph.of(
                DescriptorLoader.loadDirectory(Path.of("..", "skills")).descriptors(), Set.of());
        runtime = ClusterReaderSkills.bind(AgentRuntime.builder(graph), () -> snapshot).build();
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    private InvocationResult call(String skill, String input) {
        return runtime.invoke(skill, JSON.readTree(input), InvocationContext.create());
    }

    @Test
    void listsPageByPageWithALabelSelector() {
        JsonNode first = call("k8s.resources.list", "{\"kind\":\"pods\",\"namespace\":\"shop\",\"labelSelector\":"
                + "\"app=web\",\"limit\":2}").orThrow();
        JsonNode second = call("k8s.resources.list", "{\"kind\":\"pods\",\"namespace\":\"shop\",\"labelSelector\":"
                + "\"app=web\",\"limit\":2,\"continue\":\"" + first.get("continue").asString() + "\"}").orThrow();

        assertThat(first.get("items")).hasSize(2);
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.has("continue")).isFalse();
        assertThat(call("k8s.resources.list", "{\"kind\":\"pods\",\"labelSelector\":\"app!=web\"}").orThrow()
                .get("items")).hasSize(2);
        assertThat(call("k8s.resources.list", "{\"kind\":\"pods\",\"continue\":\"x\"}").error())
                .isEqualTo(ErrorCode.HANDLER_ERROR);
    }

    @Test
    void listsEventsAboutOneObject() {
        JsonNode out = call("k8s.events.list", "{\"namespace\":\"shop\",\"involvedObject\":{\"kind\":\"Pod\","
                + "\"name\":\"web-1\"}}").orThrow();

        assertThat(out.get("events")).singleElement()
                .satisfies(e -> assertThat(e.get("reason").asString()).isEqualTo("BackOff"));
    }

    @Test
    void tailsCurrentAndPreviousLogsAndCountsRedactions() {
        JsonNode tail = call("k8s.logs.tail", "{\"namespace\":\"shop\",\"pod\":\"web-1\",\"tailLines\":2}").orThrow();
        JsonNode previous = call("k8s.logs.tail", "{\"namespace\":\"shop\",\"pod\":\"web-1\",\"previous\":true}")
                .orThrow();

        assertThat(tail.get("lines")).hasSize(2);
        assertThat(tail.get("redactions").asInt()).isEqualTo(1);
        assertThat(tail.get("truncated").asBoolean()).isTrue();
        assertThat(previous.get("lines").get(0).asString()).isEqualTo("crashed");
        assertThat(call("k8s.logs.tail", "{\"namespace\":\"shop\",\"pod\":\"nope\"}").message()).contains("shop/nope");
        assertThat(call("k8s.logs.tail", "{\"namespace\":\"shop\"}").error()).isEqualTo(ErrorCode.INVALID_INPUT);
    }
}
