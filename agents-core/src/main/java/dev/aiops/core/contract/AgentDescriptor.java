package dev.aiops.core.contract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An agent as the composition graph sees it: its tier, the skills it provides, the skills it may call and
 * the external services it needs. Loaded from YAML in {@code skills/} or built in code with {@link #builder};
 * both produce the same immutable value.
 */
public record AgentDescriptor(
        String name,
        Tier tier,
        SemVer version,
        String description,
        List<SkillContract> skills,
        List<SkillDependency> dependencies,
        Set<String> services,
        ContextPolicy context) {

    /** Lowercase kebab-case, for example {@code k8s-cluster-reader}. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public AgentDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(version, "version");
        description = description == null ? "" : description;
        skills = List.copyOf(skills);
        dependencies = List.copyOf(dependencies);
        services = Set.copyOf(new LinkedHashSet<>(services));
        context = context == null ? ContextPolicy.DEFAULT : context;
    }

    /**
     * How an agent that talks to a model keeps its requests within budget: the pruning strategy
     * ({@code tool-output-trimming}, {@code sliding-window} or {@code summarizing}) and how many recent turns
     * trimming and summarizing leave whole.
     */
    public record ContextPolicy(String pruning, int keepLastTurns) {
        public static final ContextPolicy DEFAULT = new ContextPolicy("tool-output-trimming", 3);

        public ContextPolicy {
            Objects.requireNonNull(pruning, "pruning");
            if (keepLastTurns < 1) {
                throw new IllegalArgumentException("keepLastTurns must be at least 1");
            }
        }
    }

    /** The dependency on {@code skill}, or null when this agent did not declare it. */
    public @Nullable SkillDependency dependencyOn(@Nullable String skill) {
        for (SkillDependency d : dependencies) {
            if (d.skill().equals(skill)) return d;
        }
        return null;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds an {@link AgentDescriptor}; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private final String name;
        private @Nullable Tier tier;
        private String version = "0.1.0";
        private String description = "";
        private final List<SkillContract> skills = new ArrayList<>();
        private final List<String[]> dependencies = new ArrayList<>();
        private final Set<String> services = new LinkedHashSet<>();
        private ContextPolicy context = ContextPolicy.DEFAULT;

        private Builder(String name) {
            this.name = name;
        }

        public Builder tier(Tier tier) {
            this.tier = tier;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder skill(SkillContract skill) {
            skills.add(Objects.requireNonNull(skill, "skill"));
            return this;
        }

        /** Declares that this agent may call {@code skill} in any version within {@code range}. */
        public Builder dependsOn(String skill, String range) {
            dependencies.add(new String[] {skill, range});
            return this;
        }

        /** Declares an external service this agent needs, such as {@code kubernetes-api} or {@code llm}. */
        public Builder context(ContextPolicy policy) {
            this.context = Objects.requireNonNull(policy);
            return this;
        }

        public Builder service(String service) {
            services.add(service);
            return this;
        }

        public AgentDescriptor build() {
            List<SchemaViolation> problems = new ArrayList<>();
            if (name == null || !NAME.matcher(name).matches()) {
                problems.add(new SchemaViolation("/name", "pattern",
                        "'" + name + "' is not a kebab-case agent name such as k8s-cluster-reader"));
            }
            if (tier == null) {
                problems.add(new SchemaViolation("/tier", "required", "a tier must be declared"));
            }
            if (!SemVer.isValid(version)) {
                problems.add(new SchemaViolation("/version", "pattern",
                        "'" + version + "' is not a semantic version (MAJOR.MINOR.PATCH)"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < skills.size(); i++) {
                if (!seen.add(skills.get(i).name())) {
                    problems.add(new SchemaViolation("/skills/" + i + "/name", "uniqueItems",
                            "skill '" + skills.get(i).name() + "' is declared twice"));
                }
            }
            List<SkillDependency> deps = new ArrayList<>();
            Set<String> depNames = new HashSet<>();
            for (int i = 0; i < dependencies.size(); i++) {
                String[] d = dependencies.get(i);
                if (d[0] == null || !SkillContract.NAME.matcher(d[0]).matches()) {
                    problems.add(new SchemaViolation("/dependsOn/" + i + "/skill", "pattern",
                            "'" + d[0] + "' is not a namespaced skill name"));
                    continue;
                }
                if (!depNames.add(d[0])) {
                    problems.add(new SchemaViolation("/dependsOn/" + i + "/skill", "uniqueItems",
                            "dependency on '" + d[0] + "' is declared twice"));
                    continue;
                }
                try {
                    deps.add(SkillDependency.of(d[0], d[1]));
                } catch (IllegalArgumentException e) {
                    problems.add(new SchemaViolation("/dependsOn/" + i + "/version", "format",
                            Objects.toString(e.getMessage(), e.toString())));
                }
            }
            for (String s : services) {
                if (s == null || s.isBlank()) {
                    problems.add(new SchemaViolation("/services", "minLength", "a service name must not be blank"));
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidContractException("invalid agent '" + name + "'", problems);
            }
            // a missing tier added a problem above, so it is present here
            return new AgentDescriptor(name, Objects.requireNonNull(tier), SemVer.parse(version), description, skills, deps, services,
                    context);
        }
    }
}
