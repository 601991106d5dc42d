package dev.aiops.composite.oncall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The {@code oncall:} section of {@code config.yaml}:
 *
 * <pre>{@code
 * oncall:
 *   production:
 *     contexts: [prod-eu, prod-us]      # nothing is changed by hand in these kubeconfig contexts
 *     namespaces: [payments]            # nor in these namespaces (or any labelled aiops.dev/environment=production)
 *   gitopsDir: ~/src/platform-config/aiops-patches   # where such changes are written as patches instead
 * }</pre>
 */
public final class OnCallSettings {

    private OnCallSettings() {
    }

    /**
     * The policy the file describes (defaults without a file or section).
     *
     * @throws IllegalArgumentException naming the file and the field when the section is wrong
     */
    public static ActionPolicy read(Path configYaml, Map<String, String> env) {
        ActionPolicy p = ActionPolicy.defaults();
        if (configYaml == null || !Files.isRegularFile(configYaml)) {
            return p;
        }
        JsonNode root;
        try {
            root = YAMLMapper.builder().build().readTree(Files.readString(configYaml));
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException(configYaml + ": not valid YAML: " + e.getMessage(), e);
        }
        JsonNode oncall = root == null ? null : root.get("oncall");
        if (oncall == null || oncall.isNull()) {
            return p;
        }
        if (!oncall.isObject()) {
            throw new IllegalArgumentException(configYaml + ": oncall must be a mapping");
        }
        for (String field : oncall.propertyNames()) {
            if (!Set.of("production", "gitopsDir").contains(field)) {
                throw new IllegalArgumentException(configYaml + ": oncall." + field + " is not a known field"
                        + " (production, gitopsDir)");
            }
        }
        JsonNode prod = oncall.path("production");
        Set<String> contexts = names(prod, "contexts", configYaml);
        Set<String> namespaces = names(prod, "namespaces", configYaml);
        p = p.withProduction(contexts, namespaces);
        JsonNode dir = oncall.get("gitopsDir");
        if (dir != null && !dir.isNull()) {
            if (!dir.isString() || dir.asString().isBlank()) {
                throw new IllegalArgumentException(configYaml + ": oncall.gitopsDir must be a path");
            }
            String d = dir.asString();
            if (d.startsWith("~/")) {
                d = env.getOrDefault("HOME", System.getProperty("user.home")) + d.substring(1);
            }
            p = p.withGitopsDir(Path.of(d));
        }
        return p;
    }

    private static Set<String> names(JsonNode prod, String field, Path file) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode list = prod.get(field);
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException(file + ": oncall.production." + field + " must be a list of names");
        }
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isString()) {
                throw new IllegalArgumentException(file + ": oncall.production." + field + "[" + i
                        + "] must be a name");
            }
            out.add(list.get(i).asString());
        }
        return out;
    }
}
