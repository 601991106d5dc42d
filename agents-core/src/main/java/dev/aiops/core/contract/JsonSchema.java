package dev.aiops.core.contract;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A JSON Schema (draft 2020-12) checked against the meta-schema and compiled once, at construction.
 * Instances are immutable and safe to share between threads.
 */
public final class JsonSchema {

    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Schema META_SCHEMA =
            REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    /** Descriptors repeat small schemas ({"type":"object"}) many times; compile each distinct one once. */
    private static final int CACHE_LIMIT = 1024;
    private static final java.util.Map<JsonNode, JsonSchema> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private final JsonNode node;
    private final Schema compiled;

    private JsonSchema(JsonNode node, Schema compiled) {
        this.node = node;
        this.compiled = compiled;
    }

    /**
     * Compiles a schema after checking it against the 2020-12 meta-schema.
     *
     * @throws InvalidContractException with every meta-schema violation when the document is not a valid schema
     */
    /**
     * The schema packaged at {@code resource} on {@code loader}'s classpath (JSON or YAML).
     *
     * @throws IllegalStateException when it is not there: a build that lost it, not a user error
     */
    public static JsonSchema ofResource(ClassLoader loader, String resource) {
        try (java.io.InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("schema missing from the classpath: " + resource);
            return of(tools.jackson.dataformat.yaml.YAMLMapper.builder().build().readTree(in));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A parser's message on one line: Jackson's span several, with a caret under the column. */
    public static String oneLine(String message) {
        return message == null ? "" : message.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.matches("\\^+")).reduce((a, b) -> a + " " + b).orElse("");
    }

    public static JsonSchema of(JsonNode schema) {
        Objects.requireNonNull(schema, "schema");
        JsonSchema cached = CACHE.get(schema);
        if (cached != null) {
            return cached;
        }
        JsonSchema compiled = compile(schema);
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.putIfAbsent(compiled.node, compiled);
        }
        return compiled;
    }

    private static JsonSchema compile(JsonNode schema) {
        List<SchemaViolation> problems = metaViolations(schema);
        if (!problems.isEmpty()) {
            throw new InvalidContractException("not a valid JSON Schema 2020-12", problems);
        }
        try {
            return new JsonSchema(schema.deepCopy(), REGISTRY.getSchema(schema));
        } catch (RuntimeException e) {
            throw new InvalidContractException("cannot compile JSON Schema: " + e.getMessage(),
                    List.of(new SchemaViolation("", "$schema", String.valueOf(e.getMessage()))));
        }
    }

    /** The violations of the 2020-12 meta-schema, empty when {@code schema} is a valid schema. */
    public static List<SchemaViolation> metaViolations(JsonNode schema) {
        if (!schema.isObject() && !schema.isBoolean()) {
            return List.of(new SchemaViolation("", "type", "a schema must be an object or a boolean"));
        }
        return toViolations(META_SCHEMA.validate(schema));
    }

    /** Validates an instance; every violation is returned, none is thrown. */
    public List<SchemaViolation> validate(JsonNode instance) {
        return toViolations(compiled.validate(instance));
    }

    /** The schema document (a defensive copy is not made; do not modify it). */
    public JsonNode node() {
        return node;
    }

    /** Keywords whose errors are about a member of the object; the pointer then names that member. */
    private static final java.util.Set<String> NAMES_A_PROPERTY = java.util.Set.of(
            "required", "additionalProperties", "unevaluatedProperties", "dependentRequired");

    static List<SchemaViolation> toViolations(List<Error> errors) {
        if (errors.isEmpty()) {
            return List.of();
        }
        List<SchemaViolation> out = new ArrayList<>(errors.size());
        for (Error e : errors) {
            String pointer = pointer(e.getInstanceLocation());
            if (e.getProperty() != null && NAMES_A_PROPERTY.contains(e.getKeyword())) {
                pointer = pointer + "/" + escape(e.getProperty());
            }
            out.add(new SchemaViolation(pointer, e.getKeyword(), stripLocation(e.getMessage())));
        }
        return List.copyOf(out);
    }

    private static String pointer(NodePath path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            sb.append('/').append(escape(String.valueOf(path.getElement(i))));
        }
        return sb.toString();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** networknt prefixes messages with the instance location; the pointer already says it. */
    private static String stripLocation(String message) {
        int colon = message.indexOf(": ");
        return colon > 0 && (message.startsWith("$") || message.startsWith("/") || message.startsWith("#"))
                ? message.substring(colon + 2) : message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonSchema s && s.node.equals(node);
    }

    @Override
    public int hashCode() {
        return node.hashCode();
    }

    @Override
    public String toString() {
        return node.toString();
    }
}
