package dev.aiops.core.graph;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.contract.SkillDependency;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The agents of one deployment and who may call whom, verified when built. Every rule is checked and every
 * violation kept as a value ({@link #violations()}); nothing is thrown for a bad composition. Building is
 * linear in agents plus edges.
 *
 * <p>An edge {@code a -> b} means agent {@code a} declared a dependency on a skill that {@code b} provides.
 * A composition is valid when it has no cycle, no path longer than {@value #MAX_DEPTH} edges (a root's direct
 * subagents are level 1), no call from a lower tier to a higher one, and every dependency resolves to exactly
 * one provider within the declared version range.
 */
public final class CompositionGraph {

    /** Deepest subagent level allowed below a root agent. */
    public static final int MAX_DEPTH = 3;

    private final List<AgentDescriptor> agents;
    private final Map<String, Integer> indexOfAgent;
    private final Map<String, Integer> providerOfSkill;
    private final Map<String, SkillContract> skills;
    private final List<List<Edge>> edges;
    private final List<GraphViolation> violations;

    /** A resolved call permission: {@code from} may call {@code skill}, provided by {@code to}. */
    public record Edge(String from, String to, String skill) {
    }

    private CompositionGraph(Collection<AgentDescriptor> descriptors, Set<String> configuredServices) {
        List<GraphViolation> found = new ArrayList<>();
        this.agents = new ArrayList<>(descriptors.size());
        this.indexOfAgent = new HashMap<>();
        for (AgentDescriptor d : descriptors) {
            if (indexOfAgent.containsKey(d.name())) {
                found.add(new GraphViolation(GraphViolation.Rule.DUPLICATE_AGENT, d.name(), List.of(d.name()),
                        "agent '" + d.name() + "' is defined more than once"));
                continue;
            }
            indexOfAgent.put(d.name(), agents.size());
            agents.add(d);
        }
        this.providerOfSkill = new HashMap<>();
        this.skills = new LinkedHashMap<>();
        for (int i = 0; i < agents.size(); i++) {
            for (SkillContract s : agents.get(i).skills()) {
                Integer other = providerOfSkill.putIfAbsent(s.name(), i);
                if (other != null) {
                    String first = agents.get(other).name();
                    found.add(new GraphViolation(GraphViolation.Rule.DUPLICATE_PROVIDER, agents.get(i).name(),
                            List.of(first, agents.get(i).name()),
                            "skill '" + s.name() + "' is provided by both '" + first + "' and '"
                                    + agents.get(i).name() + "'"));
                } else {
                    skills.put(s.name(), s);
                }
            }
        }
        this.edges = new ArrayList<>(agents.size());
        for (AgentDescriptor a : agents) {
            edges.add(resolve(a, found));
            for (String service : a.services()) {
                if (!configuredServices.contains(service)) {
                    found.add(new GraphViolation(GraphViolation.Rule.SERVICE_NOT_CONFIGURED, a.name(),
                            List.of(a.name()), "needs external service '" + service + "', which is not configured"));
                }
            }
        }
        found.addAll(new GraphShape(this).violations());
        this.violations = List.copyOf(found);
    }

    /**
     * Builds and verifies the graph of {@code agents}.
     *
     * @param configuredServices the external services available to this deployment; a missing one is a warning
     */
    public static CompositionGraph of(Collection<AgentDescriptor> agents, Set<String> configuredServices) {
        return new CompositionGraph(agents, configuredServices);
    }

    private List<Edge> resolve(AgentDescriptor a, List<GraphViolation> found) {
        List<Edge> out = new ArrayList<>(a.dependencies().size());
        for (SkillDependency d : a.dependencies()) {
            Integer p = providerOfSkill.get(d.skill());
            if (p == null) {
                found.add(new GraphViolation(GraphViolation.Rule.UNKNOWN_SKILL, a.name(), List.of(a.name()),
                        "depends on skill '" + d.skill() + "', which no agent provides"));
                continue;
            }
            AgentDescriptor provider = agents.get(p);
            SkillContract contract = Objects.requireNonNull(skills.get(d.skill()), d.skill());
            if (!d.versions().contains(contract.version())) {
                found.add(new GraphViolation(GraphViolation.Rule.VERSION_MISMATCH, a.name(),
                        List.of(a.name(), provider.name()),
                        "depends on '" + d.skill() + "' " + d.versions() + " but '" + provider.name()
                                + "' provides version " + contract.version()));
            }
            if (a.tier().level() < provider.tier().level()) {
                found.add(new GraphViolation(GraphViolation.Rule.UPWARD_CALL, a.name(),
                        List.of(a.name(), provider.name()),
                        a.tier() + " agent '" + a.name() + "' calls '" + d.skill() + "' on " + provider.tier()
                                + " agent '" + provider.name() + "': calls may only go to the same or a lower tier"));
            }
            out.add(new Edge(a.name(), provider.name(), d.skill()));
        }
        return out;
    }

    /** Every violation found, errors and warnings, in the order the rules were checked. */
    public List<GraphViolation> violations() {
        return violations;
    }

    /** The violations of severity error; the graph may run only when this is empty. */
    public List<GraphViolation> errors() {
        return violations.stream().filter(v -> v.severity() == GraphViolation.Severity.ERROR).toList();
    }

    public List<GraphViolation> warnings() {
        return violations.stream().filter(v -> v.severity() == GraphViolation.Severity.WARNING).toList();
    }

    public boolean isValid() {
        return errors().isEmpty();
    }

    /** The agents, in the order given (duplicates dropped). */
    public List<AgentDescriptor> agents() {
        return List.copyOf(agents);
    }

    public @Nullable AgentDescriptor agent(@Nullable String name) {
        Integer i = indexOfAgent.get(name);
        return i == null ? null : agents.get(i);
    }

    /** The agent providing {@code skill}, or null. */
    public @Nullable AgentDescriptor providerOf(@Nullable String skill) {
        Integer i = providerOfSkill.get(skill);
        return i == null ? null : agents.get(i);
    }

    /** The contract of {@code skill}, or null when no agent provides it. */
    public @Nullable SkillContract skill(@Nullable String skill) {
        return skills.get(skill);
    }

    /** Every skill with a provider, in declaration order. */
    public Collection<SkillContract> skills() {
        return skills.values();
    }

    /** The resolved outgoing edges of {@code agent}. */
    public List<Edge> edgesFrom(String agent) {
        Integer i = indexOfAgent.get(agent);
        return i == null ? List.of() : edges.get(i);
    }

    int size() {
        return agents.size();
    }

    int index(String agent) {
        Integer i = indexOfAgent.get(agent);
        if (i == null) {
            throw new IllegalArgumentException("no agent '" + agent + "' in the graph");
        }
        return i;
    }

    String name(int index) {
        return agents.get(index).name();
    }

    List<Edge> edgesOf(int index) {
        return edges.get(index);
    }
}
