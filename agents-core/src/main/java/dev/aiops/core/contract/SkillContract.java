package dev.aiops.core.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.jspecify.annotations.Nullable;

/**
 * What a skill promises: its namespaced name, version, input and output JSON Schemas, side effects,
 * idempotency and SLA. Immutable; every field is validated once, at construction.
 */
public record SkillContract(
        String name,
        SemVer version,
        String description,
        JsonSchema input,
        JsonSchema output,
        SideEffect sideEffect,
        boolean idempotent,
        Sla sla) {

    /** Namespaced lowercase name with at least two segments, for example {@code k8s.pods.list}. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    public SkillContract {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(sideEffect, "sideEffect");
        Objects.requireNonNull(sla, "sla");
        description = description == null ? "" : description;
        if (!NAME.matcher(name).matches()) {
            throw new InvalidContractException("invalid skill", List.of(new SchemaViolation("/name", "pattern",
                    "'" + name + "' is not a namespaced skill name such as k8s.pods.list")));
        }
    }

    /** True when the skill changes nothing, so it may run without approval. */
    public boolean readOnly() {
        return sideEffect == SideEffect.READ_ONLY;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link SkillContract}; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private static final JsonMapper JSON = JsonMapper.builder().build();

        private final String name;
        private String version = "1.0.0";
        private String description = "";
        private JsonNode input = JSON.createObjectNode().put("type", "object");
        private JsonNode output = JSON.createObjectNode().put("type", "object");
        private SideEffect sideEffect = SideEffect.READ_ONLY;
        private boolean idempotent = true;
        private Sla sla = Sla.DEFAULT;

        private Builder(String name) {
            this.name = name;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder input(JsonNode schema) {
            this.input = schema;
            return this;
        }

        /** The input schema as JSON text. */
        public Builder input(String schemaJson) {
            return input(JSON.readTree(schemaJson));
        }

        public Builder output(JsonNode schema) {
            this.output = schema;
            return this;
        }

        /** The output schema as JSON text. */
        public Builder output(String schemaJson) {
            return output(JSON.readTree(schemaJson));
        }

        public Builder sideEffect(SideEffect sideEffect) {
            this.sideEffect = sideEffect;
            return this;
        }

        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        public Builder sla(Sla sla) {
            this.sla = sla;
            return this;
        }

        public SkillContract build() {
            List<SchemaViolation> problems = new ArrayList<>();
            if (name == null || !NAME.matcher(name).matches()) {
                problems.add(new SchemaViolation("/name", "pattern",
                        "'" + name + "' is not a namespaced skill name such as k8s.pods.list"));
            }
            if (!SemVer.isValid(version)) {
                problems.add(new SchemaViolation("/version", "pattern",
                        "'" + version + "' is not a semantic version (MAJOR.MINOR.PATCH)"));
            }
            JsonSchema in = schema("/input", input, problems);
            JsonSchema out = schema("/output", output, problems);
            if (sideEffect == null) {
                problems.add(new SchemaViolation("/sideEffects", "required", "side effects must be declared"));
            }
            if (sla == null) {
                problems.add(new SchemaViolation("/sla", "required", "an SLA must be declared"));
            }
            if (!problems.isEmpty()) {
                throw new InvalidContractException("invalid skill '" + name + "'", problems);
            }
            // a missing schema added a problem above, so both are present here
            return new SkillContract(name, SemVer.parse(version), description, Objects.requireNonNull(in),
                    Objects.requireNonNull(out), sideEffect, idempotent, sla);
        }

        private static @Nullable JsonSchema schema(String at, @Nullable JsonNode node, List<SchemaViolation> problems) {
            if (node == null) {
                problems.add(new SchemaViolation(at, "required", "a JSON Schema must be declared"));
                return null;
            }
            try {
                return JsonSchema.of(node);
            } catch (InvalidContractException e) {
                for (SchemaViolation v : e.violations()) {
                    problems.add(new SchemaViolation(at + v.pointer(), v.keyword(), v.message()));
                }
                return null;
            }
        }
    }
}
