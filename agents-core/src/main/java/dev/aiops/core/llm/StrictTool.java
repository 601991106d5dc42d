package dev.aiops.core.llm;

import dev.aiops.core.contract.SkillContract;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A skill contract as a tool definition for strict function calling ({@code strict: true}).
 *
 * <p>Strict mode accepts a subset of JSON Schema: every object lists all its properties in {@code required} and
 * sets {@code additionalProperties: false}, and only some keywords are understood. {@link #of} rewrites what can be
 * rewritten without loss and refuses the rest with every reason:
 * <ul>
 *   <li>an optional property becomes required and nullable; a {@code null} the model sends for it is removed again
 *       by {@link #normalizeArguments} before the arguments are validated, so the skill sees what its contract
 *       says;</li>
 *   <li>a missing {@code additionalProperties} becomes {@code false};</li>
 *   <li>annotations ({@code title}, {@code default}, {@code examples}, {@code $comment}) and constraints strict mode
 *       cannot express but the gateway checks itself against the original schema ({@code minLength},
 *       {@code maxLength}, {@code uniqueItems}, {@code minProperties}, {@code maxProperties}) are left out of the
 *       tool schema and listed as {@link #adaptations()};</li>
 *   <li>composition and conditional keywords, open maps, free-form objects, formats strict mode does not know, a
 *       root that is not an object and nesting deeper than {@value #MAX_DEPTH} levels are refused with a
 *       {@link StrictSchemaException} naming the JSON pointer of each.</li>
 * </ul>
 */
public final class StrictTool {

    /** The deepest object nesting strict mode accepts. */
    public static final int MAX_DEPTH = 10;

    private static final Set<String> STRUCTURAL = Set.of("type", "properties", "required", "additionalProperties",
            "items", "enum", "const", "anyOf", "description", "$ref", "$defs", "definitions");
    private static final Set<String> SUPPORTED_CONSTRAINTS = Set.of("pattern", "format", "minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems");
    private static final Set<String> ANNOTATIONS = Set.of("title", "default", "examples", "$comment", "deprecated",
            "readOnly", "writeOnly", "$schema", "$id");
    private static final Set<String> CHECKED_LOCALLY = Set.of("minLength", "maxLength", "uniqueItems",
            "minProperties", "maxProperties");
    private static final Set<String> FORMATS = Set.of("date-time", "time", "date", "duration", "email", "hostname",
            "ipv4", "ipv6", "uuid");

    /** The metadata key of a {@link ToolSpecification} that carries the exact JSON parameter schema. */
    public static final String PARAMETERS_METADATA = "aiops.parameters";

    private final SkillContract contract;
    private final String toolName;
    private final ObjectNode parameters;
    private final List<String> optionalPointers;
    private final List<String> adaptations;

    private StrictTool(SkillContract contract, ObjectNode parameters, List<String> optionalPointers,
                       List<String> adaptations) {
        this.contract = contract;
        this.toolName = toolName(contract.name());
        this.parameters = parameters;
        this.optionalPointers = List.copyOf(optionalPointers);
        this.adaptations = List.copyOf(adaptations);
    }

    /**
     * Converts a contract's input schema.
     *
     * @throws StrictSchemaException with every reason when the schema cannot be expressed in strict mode
     */
    public static StrictTool of(SkillContract contract) {
        Conversion c = new Conversion();
        ObjectNode source = (ObjectNode) contract.input().node();
        if (!"object".equals(source.path("type").asString(null))) {
            c.problems.add("/: the root must be {\"type\": \"object\"}; strict mode takes named arguments only");
        }
        ObjectNode converted = c.convert(source, "", 0);
        if (!c.problems.isEmpty()) {
            throw new StrictSchemaException(contract.name(), c.problems);
        }
        return new StrictTool(contract, converted, c.optional, c.adaptations);
    }

    /** The reasons a contract does not fit strict mode; empty when it fits. */
    public static List<String> problems(SkillContract contract) {
        try {
            of(contract);
            return List.of();
        } catch (StrictSchemaException e) {
            return e.reasons();
        }
    }

    /**
     * The tool name for a skill: function names allow {@code [a-zA-Z0-9_-]{1,64}}, so the dots of a skill name
     * become underscores ({@code diagnosis.run} is {@code diagnosis_run}). Skill names never contain underscores,
     * so the mapping is reversible.
     */
    public static String toolName(String skill) {
        return skill.replace('.', '_');
    }

    public SkillContract contract() {
        return contract;
    }

    public String name() {
        return toolName;
    }

    /** The strict parameter schema (a fresh copy). */
    public ObjectNode parameters() {
        return parameters.deepCopy();
    }

    /**
     * The tool definition: strict, with the parameter schema both as langchain4j's typed schema (each property as
     * raw JSON, for any provider) and verbatim under the metadata key {@value #PARAMETERS_METADATA} (for the
     * OpenAI adapter, which sends it unchanged).
     */
    public ToolSpecification toolSpecification() {
        JsonObjectSchema.Builder params = JsonObjectSchema.builder().additionalProperties(false);
        List<String> required = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : parameters.path("properties").properties()) {
            params.addProperty(p.getKey(), JsonRawSchema.from(p.getValue().toString()));
            required.add(p.getKey());
        }
        params.required(required);
        return ToolSpecification.builder()
                .name(toolName)
                .description(contract.description())
                .parameters(params.build())
                .strict(true)
                .addMetadata(PARAMETERS_METADATA, parameters.toString())
                .build();
    }

    /** What was rewritten on the way to strict mode, one line each, for logs and {@code aiops agents validate}. */
    public List<String> adaptations() {
        return adaptations;
    }

    /**
     * Turns model arguments back into input for the skill: a {@code null} given for a property the contract
     * leaves optional is removed. The result still has to be validated against the contract's schema.
     */
    public JsonNode normalizeArguments(JsonNode arguments) {
        if (!(arguments instanceof ObjectNode) || optionalPointers.isEmpty()) {
            return arguments;
        }
        ObjectNode copy = ((ObjectNode) arguments).deepCopy();
        for (String pointer : optionalPointers) {
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = slash <= 0 ? copy : copy.at(pointer.substring(0, slash));
            String field = unescape(pointer.substring(slash + 1));
            if (parent instanceof ObjectNode obj && obj.has(field) && obj.get(field).isNull()) {
                obj.remove(field);
            }
        }
        return copy;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** One conversion's state: problems found, rewrites made, and the pointers of optional properties. */
    private static final class Conversion {
        final List<String> problems = new ArrayList<>();
        final List<String> adaptations = new ArrayList<>();
        final List<String> optional = new ArrayList<>();

        ObjectNode convert(ObjectNode schema, String at, int depth) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            String where = at.isEmpty() ? "/" : at;
            if (depth > MAX_DEPTH) {
                problems.add(where + ": nested deeper than " + MAX_DEPTH + " levels");
                return out;
            }
            for (Map.Entry<String, JsonNode> e : schema.properties()) {
                String key = e.getKey();
                JsonNode value = e.getValue();
                if (ANNOTATIONS.contains(key)) {
                    if (!key.startsWith("$")) {
                        adaptations.add(where + ": '" + key + "' left out (an annotation strict mode ignores)");
                    }
                } else if (CHECKED_LOCALLY.contains(key)) {
                    adaptations.add(where + ": '" + key + "' left out of the tool schema; arguments are still"
                            + " checked against it before the skill runs");
                } else if (key.equals("format") && !FORMATS.contains(value.asString(""))) {
                    problems.add(where + ": format '" + value.asString("") + "' is not supported in strict mode"
                            + " (supported: " + String.join(", ", new java.util.TreeSet<>(FORMATS)) + ")");
                } else if (SUPPORTED_CONSTRAINTS.contains(key)) {
                    out.set(key, value.deepCopy());
                } else if (!STRUCTURAL.contains(key)) {
                    problems.add(where + ": keyword '" + key + "' is not supported in strict mode");
                }
            }
            copyStructure(schema, out, at, where, depth);
            return out;
        }

        private void copyStructure(ObjectNode schema, ObjectNode out, String at, String where, int depth) {
            for (String key : List.of("type", "description", "enum", "const", "$ref")) {
                if (schema.has(key)) {
                    out.set(key, schema.get(key).deepCopy());
                }
            }
            if (schema.has("items")) {
                JsonNode items = schema.get("items");
                if (items instanceof ObjectNode obj) {
                    out.set("items", convert(obj, at + "/items", depth + 1));
                } else {
                    problems.add(where + ": 'items' must be a schema object");
                }
            }
            if (schema.get("anyOf") instanceof ArrayNode any) {
                ArrayNode branches = out.putArray("anyOf");
                for (int i = 0; i < any.size(); i++) {
                    if (any.get(i) instanceof ObjectNode branch) {
                        branches.add(convert(branch, at + "/anyOf/" + i, depth + 1));
                    }
                }
            }
            for (String defs : List.of("$defs", "definitions")) {
                if (schema.get(defs) instanceof ObjectNode d) {
                    ObjectNode target = out.putObject(defs);
                    for (Map.Entry<String, JsonNode> def : d.properties()) {
                        if (def.getValue() instanceof ObjectNode defSchema) {
                            target.set(def.getKey(), convert(defSchema, at + "/" + defs + "/" + escape(def.getKey()),
                                    depth + 1));
                        }
                    }
                }
            }
            boolean isObject = schema.has("properties") || typeIncludes(schema, "object");
            if (isObject) {
                objectRules(schema, out, at, where, depth);
            }
        }

        private void objectRules(ObjectNode schema, ObjectNode out, String at, String where, int depth) {
            JsonNode additional = schema.get("additionalProperties");
            JsonNode properties = schema.get("properties");
            if (additional != null && additional.isObject()) {
                problems.add(where + ": 'additionalProperties' as a schema (a map with free keys) cannot be"
                        + " expressed in strict mode; list the keys as properties");
            } else if (properties == null || properties.isEmpty()) {
                problems.add(where + ": an object without declared properties (free-form) cannot be expressed"
                        + " in strict mode");
            } else if (additional == null || additional.asBoolean(true)) {
                adaptations.add(where + ": additionalProperties set to false");
            }
            out.put("additionalProperties", false);
            if (properties == null) {
                return;
            }
            Set<String> required = new LinkedHashSet<>();
            schema.path("required").forEach(r -> required.add(r.asString()));
            ObjectNode props = out.putObject("properties");
            ArrayNode req = out.putArray("required");
            for (Map.Entry<String, JsonNode> p : properties.properties()) {
                String pointer = at + "/" + escape(p.getKey());
                if (!(p.getValue() instanceof ObjectNode propSchema)) {
                    problems.add(pointer + ": a property schema must be an object");
                    continue;
                }
                ObjectNode converted = convert(propSchema, at + "/properties/" + escape(p.getKey()), depth + 1);
                if (!required.contains(p.getKey())) {
                    converted = nullable(converted);
                    optional.add(pointer);
                    adaptations.add(pointer + ": optional, so required and nullable in the tool schema");
                }
                props.set(p.getKey(), converted);
                req.add(p.getKey());
            }
        }

        private static ObjectNode nullable(ObjectNode schema) {
            JsonNode type = schema.get("type");
            if (type != null && type.isString() && !schema.has("enum") && !schema.has("const")) {
                ArrayNode types = JsonNodeFactory.instance.arrayNode().add(type.asString()).add("null");
                schema.set("type", types);
                return schema;
            }
            if (type != null && type.isArray()) {
                boolean hasNull = false;
                for (Iterator<JsonNode> it = type.iterator(); it.hasNext(); ) {
                    hasNull |= "null".equals(it.next().asString());
                }
                if (!hasNull) {
                    ((ArrayNode) type).add("null");
                }
                return schema;
            }
            ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
            if (schema.has("description")) {
                wrapper.set("description", schema.get("description"));
            }
            ArrayNode any = wrapper.putArray("anyOf");
            any.add(schema);
            any.addObject().put("type", "null");
            return wrapper;
        }

        private static boolean typeIncludes(JsonNode schema, String type) {
            JsonNode t = schema.get("type");
            if (t == null) {
                return false;
            }
            if (t.isString()) {
                return t.asString().equals(type);
            }
            for (JsonNode each : t) {
                if (type.equals(each.asString())) {
                    return true;
                }
            }
            return false;
        }
    }
}
