package dev.aiops.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.contract.DescriptorSet;
import dev.aiops.core.contract.SkillContract;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StrictToolTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static SkillContract contract(String input) {
        return SkillContract.builder("k8s.logs.tail").input(input).output("{\"type\":\"object\"}")
                .description("tail a log").build();
    }

    @Test
    void makesOptionalPropertiesRequiredAndNullableAndClosesObjects() {
        StrictTool tool = StrictTool.of(contract("""
                {"type":"object","required":["pod"],
                 "properties":{"pod":{"type":"string","minLength":1},
                               "tail":{"type":"integer","minimum":1,"default":200},
                               "mode":{"enum":["a","b"]},
                               "opts":{"type":"object","properties":{"previous":{"type":"boolean"}}}}}"""));

        JsonNode p = tool.parameters();
        assertThat(tool.name()).isEqualTo("k8s_logs_tail");
        assertThat(p.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(p.get("required")).extracting(JsonNode::asString).containsExactly("pod", "tail", "mode", "opts");
        assertThat(p.at("/properties/pod/type").asString()).isEqualTo("string");
        assertThat(p.at("/properties/pod/minLength").isMissingNode()).isTrue();
        assertThat(p.at("/properties/tail/type")).extracting(JsonNode::asString).containsExactly("integer", "null");
        assertThat(p.at("/properties/tail/minimum").asInt()).isEqualTo(1);
        assertThat(p.at("/properties/tail/default").isMissingNode()).isTrue();
        assertThat(p.at("/properties/mode/anyOf/1/type").asString()).isEqualTo("null");
        assertThat(p.at("/properties/opts/type")).extracting(JsonNode::asString).containsExactly("object", "null");
        assertThat(p.at("/properties/opts/additionalProperties").asBoolean(true)).isFalse();
        assertThat(p.at("/properties/opts/required/0").asString()).isEqualTo("previous");
        assertThat(p.at("/properties/opts/properties/previous/type")).extracting(JsonNode::asString)
                .containsExactly("boolean", "null");
        assertThat(tool.adaptations()).anyMatch(a -> a.startsWith("/tail: optional"))
                .anyMatch(a -> a.contains("'minLength' left out")).anyMatch(a -> a.contains("'default' left out"));
    }

    @Test
    void nullsForOptionalPropertiesAreRemovedBeforeValidation() {
        StrictTool tool = StrictTool.of(contract("""
                {"type":"object","required":["pod"],"additionalProperties":false,
                 "properties":{"pod":{"type":"string"},"tail":{"type":"integer","minimum":1}}}"""));

        JsonNode args = tool.normalizeArguments(JSON.readTree("{\"pod\":\"api-1\",\"tail\":null}"));

        assertThat(args.toString()).isEqualTo("{\"pod\":\"api-1\"}");
        assertThat(tool.contract().input().validate(args)).isEmpty();
        assertThat(tool.contract().input().validate(JSON.readTree("{\"pod\":\"api-1\",\"tail\":null}"))).isNotEmpty();
    }

    @Test
    void refusesWhatStrictModeCannotExpressWithEveryPointer() {
        assertThatThrownBy(() -> StrictTool.of(contract("""
                {"type":"object","required":["a"],
                 "properties":{"a":{"oneOf":[{"type":"string"},{"type":"integer"}]},
                               "labels":{"type":"object","additionalProperties":{"type":"string"}},
                               "blob":{"type":"object"},
                               "when":{"type":"string","format":"uri"}}}""")))
                .isInstanceOf(StrictSchemaException.class)
                .satisfies(e -> assertThat(((StrictSchemaException) e).reasons()).containsExactlyInAnyOrder(
                        "/properties/a: keyword 'oneOf' is not supported in strict mode",
                        "/properties/labels: 'additionalProperties' as a schema (a map with free keys) cannot be"
                                + " expressed in strict mode; list the keys as properties",
                        "/properties/blob: an object without declared properties (free-form) cannot be expressed"
                                + " in strict mode",
                        "/properties/when: format 'uri' is not supported in strict mode (supported: date, date-time,"
                                + " duration, email, hostname, ipv4, ipv6, time, uuid)"))
                .hasMessageContaining("skill 'k8s.logs.tail' does not fit strict function calling");
    }

    @Test
    void aRootThatIsNotAnObjectIsRefused() {
        assertThat(StrictTool.problems(contract("{\"type\":\"string\"}")))
                .anyMatch(p -> p.startsWith("/: the root must be"));
    }

    @Test
    void theToolSpecificationIsStrictAndCarriesTheExactSchema() {
        StrictTool tool = StrictTool.of(contract("""
                {"type":"object","required":["pod"],"properties":{"pod":{"type":"string"}}}"""));

        ToolSpecification spec = tool.toolSpecification();

        assertThat(spec.strict()).isTrue();
        assertThat(spec.name()).isEqualTo("k8s_logs_tail");
        assertThat(spec.parameters().required()).containsExactly("pod");
        assertThat(JSON.readTree(spec.metadata().get(StrictTool.PARAMETERS_METADATA).toString()))
                .isEqualTo(tool.parameters());
    }

    @Test
    void everySkillInTheSpecFitsStrictMode() {
        DescriptorSet set = DescriptorLoader.loadDirectory(Path.of("..", "skills"));
        assertThat(set.descriptors()).isNotEmpty();
        set.descriptors().forEach(d -> d.skills().forEach(s ->
                assertThat(StrictTool.problems(s)).as(s.name()).isEmpty()));
    }
}
