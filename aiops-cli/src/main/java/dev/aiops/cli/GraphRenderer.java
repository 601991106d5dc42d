package dev.aiops.cli;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.Tier;
import dev.aiops.core.graph.CompositionGraph;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The composition graph as an indented tree, Graphviz dot or Mermaid. */
final class GraphRenderer {

    private GraphRenderer() {
    }

    /** A tree from each root agent (one nobody calls); a repeated agent is marked instead of expanded again. */
    static String text(CompositionGraph g) {
        Set<String> called = new HashSet<>();
        for (AgentDescriptor a : g.agents()) g.edgesFrom(a.name()).forEach(e -> called.add(e.to()));
        StringBuilder sb = new StringBuilder();
        for (AgentDescriptor a : sorted(g)) {
            if (!called.contains(a.name())) tree(g, a.name(), null, "", new HashSet<>(), sb);
        }
        return sb.toString();
    }

    private static void tree(CompositionGraph g, String agent, String via, String indent, Set<String> path,
                             StringBuilder sb) {
        AgentDescriptor a = g.agent(agent);
        sb.append(indent).append(via == null ? "" : "-- " + via + " --> ").append(agent)
                .append(" (").append(a.tier()).append(")");
        if (!path.add(agent)) {
            sb.append(" [cycle]\n");
            return;
        }
        sb.append('\n');
        for (CompositionGraph.Edge e : g.edgesFrom(agent)) {
            tree(g, e.to(), e.skill(), indent + "    ", path, sb);
        }
        path.remove(agent);
    }

    static String dot(CompositionGraph g) {
        StringBuilder sb = new StringBuilder("digraph agents {\n  rankdir=TB;\n  node [shape=box, style=rounded];\n");
        for (Tier t : new Tier[] {Tier.COMPOSITE, Tier.DOMAIN, Tier.INFRASTRUCTURE}) {
            sb.append("  subgraph cluster_").append(t).append(" {\n    label=\"tier ").append(t.level()).append(' ')
                    .append(t).append("\";\n");
            for (AgentDescriptor a : sorted(g)) {
                if (a.tier() == t) sb.append("    \"").append(a.name()).append("\";\n");
            }
            sb.append("  }\n");
        }
        for (AgentDescriptor a : sorted(g)) {
            for (CompositionGraph.Edge e : g.edgesFrom(a.name())) {
                sb.append("  \"").append(e.from()).append("\" -> \"").append(e.to()).append("\" [label=\"")
                        .append(e.skill()).append("\"];\n");
            }
        }
        return sb.append("}\n").toString();
    }

    static String mermaid(CompositionGraph g) {
        StringBuilder sb = new StringBuilder("flowchart TD\n");
        for (Tier t : new Tier[] {Tier.COMPOSITE, Tier.DOMAIN, Tier.INFRASTRUCTURE}) {
            sb.append("  subgraph tier").append(t.level()).append("[\"tier ").append(t.level()).append(' ').append(t)
                    .append("\"]\n");
            for (AgentDescriptor a : sorted(g)) {
                if (a.tier() == t) sb.append("    ").append(id(a.name())).append("[\"").append(a.name()).append("\"]\n");
            }
            sb.append("  end\n");
        }
        for (AgentDescriptor a : sorted(g)) {
            for (CompositionGraph.Edge e : g.edgesFrom(a.name())) {
                sb.append("  ").append(id(e.from())).append(" -->|").append(e.skill()).append("| ").append(id(e.to()))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    private static String id(String name) {
        return name.replace('-', '_');
    }

    private static List<AgentDescriptor> sorted(CompositionGraph g) {
        return g.agents().stream().sorted((x, y) -> x.tier() != y.tier()
                ? Integer.compare(y.tier().level(), x.tier().level()) : x.name().compareTo(y.name())).toList();
    }
}
