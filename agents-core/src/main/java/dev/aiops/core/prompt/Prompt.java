package dev.aiops.core.prompt;

import dev.aiops.core.contract.SemVer;
import dev.aiops.core.llm.PromptRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * One version-controlled prompt: a Markdown file with YAML front matter ({@code id}, semver {@code version},
 * {@code description}, model hints, {@code temperature}, typed {@code variables}) and a body with
 * {@code {{variable}}} placeholders. Immutable; {@link #render} checks every value against its declaration.
 *
 * @param hash the SHA-256 of the file (line endings normalised to {@code \n}), as recorded in {@code prompts.lock}
 */
public record Prompt(String id, SemVer version, String description, Map<String, Object> modelHints,
                     Double temperature, List<Variable> variables, String body, String hash, String source) {

    /** {@code {{ name }}}: the only template syntax; values are inserted as text. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z][a-zA-Z0-9_]*)\\s*}}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The types a variable can declare. */
    public enum Type { STRING, INTEGER, NUMBER, BOOLEAN, LIST, OBJECT }

    /** A declared variable. */
    public record Variable(String name, Type type, boolean required, String description) {
    }

    public Prompt {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        modelHints = Map.copyOf(modelHints);
        variables = List.copyOf(variables);
    }

    /** The reference logged and traced with every model call built from this prompt. */
    public PromptRef ref() {
        return new PromptRef(id, version.toString(), hash);
    }

    /**
     * Renders the body.
     *
     * @throws PromptException naming the prompt and the variable when a required value is missing, a value is
     *                         given that the prompt does not declare, or a value has the wrong type
     */
    public Rendered render(Map<String, ?> values) {
        Map<String, Variable> declared = new LinkedHashMap<>();
        variables.forEach(v -> declared.put(v.name(), v));
        List<String> problems = new ArrayList<>();
        for (String given : values.keySet()) {
            if (!declared.containsKey(given)) {
                problems.add("unknown variable '" + given + "' (declared: " + String.join(", ", declared.keySet())
                        + ")");
            }
        }
        Map<String, String> text = new LinkedHashMap<>();
        for (Variable v : variables) {
            Object value = values.get(v.name());
            if (value == null) {
                if (v.required()) {
                    problems.add("missing required variable '" + v.name() + "' (" + v.type().name().toLowerCase()
                            + ")");
                }
                text.put(v.name(), "");
                continue;
            }
            String wrong = typeProblem(v, value);
            if (wrong != null) {
                problems.add(wrong);
                continue;
            }
            text.put(v.name(), format(value));
        }
        if (!problems.isEmpty()) {
            throw new PromptException("prompt '" + id + "' " + version + ": " + String.join("; ", problems));
        }
        Matcher m = PLACEHOLDER.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(text.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return new Rendered(out.toString(), ref());
    }

    /** A rendered prompt and where it came from. */
    public record Rendered(String text, PromptRef ref) {
    }

    private static String typeProblem(Variable v, Object value) {
        boolean ok = switch (v.type()) {
            case STRING -> value instanceof CharSequence;
            case INTEGER -> value instanceof Integer || value instanceof Long || value instanceof Short;
            case NUMBER -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case LIST -> value instanceof List<?>;
            case OBJECT -> value instanceof Map<?, ?> || value instanceof tools.jackson.databind.JsonNode;
        };
        return ok ? null : "variable '" + v.name() + "' must be " + v.type().name().toLowerCase() + ", got "
                + value.getClass().getSimpleName();
    }

    private static String format(Object value) {
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder();
            for (Object item : list) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append("- ").append(item instanceof CharSequence ? item : JSON.writeValueAsString(item));
            }
            return sb.toString();
        }
        if (value instanceof Map<?, ?> || value instanceof tools.jackson.databind.JsonNode) {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        }
        return value.toString();
    }
}
