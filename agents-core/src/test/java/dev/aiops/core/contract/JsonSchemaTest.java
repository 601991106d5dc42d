package dev.aiops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Schema compilation, validation with JSON pointers, and the one-line messages users read. */
class JsonSchemaTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void aPackagedYamlSchemaValidatesAndNamesTheMissingMember() {
        JsonSchema schema = JsonSchema.ofResource(getClass().getClassLoader(),
                "dev/aiops/core/contract/namespace-input.yaml");

        assertThat(schema.validate(json("{\"namespace\":\"prod\"}"))).isEmpty();
        assertThat(schema.validate(json("{}"))).singleElement().satisfies(v -> {
            assertThat(v.pointer()).isEqualTo("/namespace");
            assertThat(v.keyword()).isEqualTo("required");
            assertThat(v.message()).isEqualTo("required property 'namespace' not found");
        });
    }

    @Test
    void aSchemaMissingFromTheClasspathIsABuildProblemNamingTheResource() {
        assertThatThrownBy(() -> JsonSchema.ofResource(getClass().getClassLoader(), "no/such/schema.json"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("schema missing from the classpath: no/such/schema.json");
    }

    @Test
    void aViolationOfAValueNamesTheValueNotAMember() {
        JsonSchema schema = JsonSchema.of(json("""
                {"type":"object","properties":{"pods":{"type":"array","items":{"type":"string"}}}}"""));

        List<SchemaViolation> violations = schema.validate(json("{\"pods\":[\"a\",7]}"));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.pointer()).isEqualTo("/pods/1");
            assertThat(v.keyword()).isEqualTo("type");
            assertThat(v.message()).isEqualTo("integer found, string expected");
        });
    }

    @Test
    void aMemberNameIsEscapedInThePointer() {
        JsonSchema schema = JsonSchema.of(json("{\"type\":\"object\",\"required\":[\"a/b~c\"]}"));

        assertThat(schema.validate(json("{}"))).extracting(SchemaViolation::pointer).containsExactly("/a~1b~0c");
    }

    @Test
    void onlyObjectsAndBooleansAreSchemas() {
        assertThat(JsonSchema.metaViolations(json("3"))).containsExactly(
                new SchemaViolation("", "type", "a schema must be an object or a boolean"));
        assertThat(JsonSchema.metaViolations(json("true"))).isEmpty();
        assertThat(JsonSchema.metaViolations(json("{\"type\":\"string\"}"))).isEmpty();
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> JsonSchema.of(json("\"string\"")));
        assertThat(e).hasMessage("not a valid JSON Schema 2020-12: /: a schema must be an object or a boolean");
    }

    @Test
    void equalDocumentsAreEqualSchemasAndTheDocumentIsKept() {
        JsonSchema a = JsonSchema.of(json("{\"type\":\"string\",\"minLength\":2}"));
        JsonSchema b = JsonSchema.of(json("{\"minLength\":2,\"type\":\"string\"}"));
        JsonSchema c = JsonSchema.of(json("{\"type\":\"string\"}"));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c).isNotEqualTo("{\"type\":\"string\"}");
        assertThat(a.node()).isEqualTo(json("{\"type\":\"string\",\"minLength\":2}"));
        assertThat(a.toString()).isEqualTo("{\"type\":\"string\",\"minLength\":2}");
        assertThat(a.validate(json("\"x\""))).extracting(SchemaViolation::keyword).containsExactly("minLength");
        assertThat(b.validate(json("\"xy\""))).isEmpty();
    }

    @Test
    void aParserMessageBecomesOneLineWithoutItsCaret() {
        assertThat(JsonSchema.oneLine("Unexpected end-of-input\n  at [Source: x; line: 2]\n   ^^^\n\n"))
                .isEqualTo("Unexpected end-of-input at [Source: x; line: 2]");
        assertThat(JsonSchema.oneLine("  one line  ")).isEqualTo("one line");
        assertThat(JsonSchema.oneLine("^ caret with text stays")).isEqualTo("^ caret with text stays");
        assertThat(JsonSchema.oneLine("\n\n")).isEmpty();
        assertThat(JsonSchema.oneLine(null)).isEmpty();
    }

    @Test
    void aViolationPrintsItsPointerOrTheRoot() {
        assertThat(new SchemaViolation("", "type", "wrong")).hasToString("/: wrong");
        assertThat(new SchemaViolation("/a/0", "type", "wrong")).hasToString("/a/0: wrong");
    }

    @Test
    void anInvalidContractListsEveryViolationInItsMessage() {
        assertThat(new InvalidContractException("invalid skill", List.of())).hasMessage("invalid skill");
        assertThat(new InvalidContractException("invalid skill", List.of(new SchemaViolation("/name", "pattern", "bad"),
                new SchemaViolation("", "type", "worse")))).hasMessage("invalid skill: /name: bad; /: worse");
    }
}
