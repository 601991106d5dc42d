package dev.aiops.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.contract.SkillContract;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile tool-call arguments from a model, for the tools of the product's own skills: the loop's check accepts
 * them or says why in one sentence to send back to the model, never throws; what it accepts, normalised, is valid
 * input for the skill. The first byte picks the tool, the rest is the arguments text.
 */
class ToolArgumentsFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, StrictTool> TOOLS = tools();
    private static final List<String> NAMES = List.copyOf(TOOLS.keySet());

    private static Map<String, StrictTool> tools() {
        Map<String, StrictTool> out = new TreeMap<>();
        for (AgentDescriptor d : DescriptorLoader.loadDirectory(Path.of("..", "skills")).descriptors()) {
            for (SkillContract s : d.skills()) {
                if (StrictTool.problems(s).isEmpty()) {
                    StrictTool t = StrictTool.of(s);
                    out.put(t.name(), t);
                }
            }
        }
        return out;
    }

    @FuzzTest(maxDuration = "2m")
    void toolArgumentsAreCheckedIntoValidInputOrOneReasonForTheModel(byte[] input) {
        assertThat(NAMES).hasSizeGreaterThan(5);
        String name = input.length == 0 ? "unknown" : NAMES.get(Byte.toUnsignedInt(input[0]) % NAMES.size());
        String arguments = input.length == 0 ? null
                : new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
        ToolExecutionRequest request = ToolExecutionRequest.builder().id("call-1").name(name).arguments(arguments)
                .build();

        String problem = ToolLoop.check(request, TOOLS);

        if (problem != null) {
            assertThat(problem).containsAnyOf("the arguments of '" + name + "'", "unknown tool").endsWith(".");
            return;
        }
        StrictTool tool = TOOLS.get(name);
        JsonNode skillInput = tool.normalizeArguments(JSON.readTree(arguments.isBlank() ? "{}" : arguments));
        assertThat(skillInput.isObject()).isTrue();
        assertThat(tool.contract().input().validate(skillInput)).isEmpty();
    }
}
