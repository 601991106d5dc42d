package dev.aiops.cli;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.contract.DescriptorProblem;
import dev.aiops.core.contract.DescriptorSet;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.graph.GraphViolation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aiops agents}: the agents of {@code skills/} and the composition graph they form. */
@Command(name = "agents", mixinStandardHelpOptions = true,
        description = "List, draw and validate the agents and their composition graph.",
        subcommands = {AgentsCommand.ListAgents.class, AgentsCommand.Graph.class, AgentsCommand.Validate.class})
final class AgentsCommand {

    /** Subcommands that read the environment (configured services) get it injected for tests. */
    interface EnvAware {
        void environment(Map<String, String> env);
    }

    abstract static class Base implements Callable<Integer>, EnvAware {
        @Spec
        CommandSpec spec;

        @Option(names = "--service", paramLabel = "NAME",
                description = "Treat this external service as configured (repeatable); others are detected from the"
                        + " environment (KUBECONFIG, AIOPS_LLM_*, OPENAI_API_KEY, AIOPS_PROMETHEUS_URL).")
        List<String> services = List.of();

        Map<String, String> env = System.getenv();

        @Override
        public void environment(Map<String, String> environment) {
            this.env = environment;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        DescriptorSet load(Path dir) {
            return dir == null ? DescriptorLoader.loadClasspath("skills", AgentsCommand.class.getClassLoader())
                    : DescriptorLoader.loadDirectory(dir);
        }

        /** Loads descriptors for list and graph, which show what loaded and report the rest on stderr. */
        DescriptorSet loadShowingProblems(Path dir) {
            DescriptorSet set = load(dir);
            set.problems().forEach(p -> err().println("skipped " + p));
            return set;
        }

        CompositionGraph graph(DescriptorSet set) {
            return CompositionGraph.of(set.descriptors(), ConfiguredServices.detect(env, services));
        }
    }

    /** list and graph: show what the descriptors in a directory, or the bundled ones, describe. */
    abstract static class Browse extends Base {
        @Option(names = "--dir", paramLabel = "DIR", description = "Read descriptors from DIR instead of the bundled skills/.")
        Path dir;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Agents by tier, with skills and dependencies.")
    static final class ListAgents extends Browse {
        @Override
        public Integer call() {
            DescriptorSet set = loadShowingProblems(dir);
            List<AgentDescriptor> agents = set.descriptors().stream()
                    .sorted(Comparator.comparing((AgentDescriptor a) -> a.tier().level()).thenComparing(AgentDescriptor::name))
                    .toList();
            out().printf("%-20s %-17s %-8s %-40s %s%n", "AGENT", "TIER", "VERSION", "SKILLS", "DEPENDS ON");
            for (AgentDescriptor a : agents) {
                String skills = a.skills().stream().map(s -> s.name() + sideEffect(s)).collect(Collectors.joining(", "));
                String deps = a.dependencies().stream().map(d -> d.skill() + " " + d.versions())
                        .collect(Collectors.joining(", "));
                out().printf("%-20s %-17s %-8s %-40s %s%n", a.name(), a.tier().level() + " " + a.tier(), a.version(),
                        skills, deps.isEmpty() ? "-" : deps);
            }
            out().println(agents.size() + " agents, "
                    + agents.stream().mapToInt(a -> a.skills().size()).sum() + " skills");
            return set.hasProblems() ? 1 : 0;
        }

        private static String sideEffect(SkillContract s) {
            return switch (s.sideEffect()) {
                case READ_ONLY -> "";
                case MUTATING -> " (mutating)";
                case DESTRUCTIVE -> " (destructive)";
            };
        }
    }

    @Command(name = "graph", mixinStandardHelpOptions = true, description = "Draws the composition graph.")
    static final class Graph extends Browse {
        @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
                description = "text (a tree from the root agents), dot (Graphviz) or mermaid. Default: ${DEFAULT-VALUE}.")
        String format;

        @Override
        public Integer call() {
            CompositionGraph g = graph(loadShowingProblems(dir));
            switch (format) {
                case "text" -> out().print(GraphRenderer.text(g));
                case "dot" -> out().print(GraphRenderer.dot(g));
                case "mermaid" -> out().print(GraphRenderer.mermaid(g));
                default -> {
                    err().println("aiops agents graph: --format takes text, dot or mermaid, not '" + format + "'");
                    return 2;
                }
            }
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Validates descriptors and the composition graph; prints every problem on its own line.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:valid (warnings allowed)", "1:descriptor problems or graph errors",
                "2:usage error: DIR is not a directory or holds no descriptor files"})
    static final class Validate extends Base {
        @Parameters(arity = "0..1", paramLabel = "DIR", description = "Descriptor directory (default: the bundled skills/).")
        Path dir;

        @Override
        public Integer call() {
            if (dir != null && !Files.isDirectory(dir)) {
                err().println("aiops agents validate: " + dir + " is not a directory");
                return 2;
            }
            DescriptorSet set = load(dir);
            if (set.descriptors().isEmpty() && set.problems().isEmpty()) {
                err().println("aiops agents validate: " + (dir == null ? "the bundled skills/" : dir)
                        + " is empty: it holds no descriptor files (*.yaml, *.yml)");
                return 2;
            }
            for (DescriptorProblem p : set.problems()) {
                out().println("error DESCRIPTOR " + p);
            }
            CompositionGraph g = graph(set);
            for (GraphViolation v : g.violations()) {
                out().println(v);
            }
            int errors = set.problems().size() + g.errors().size();
            out().println((errors == 0 ? "valid: " : "invalid: ") + set.descriptors().size() + " agents, "
                    + errors + " error(s), " + g.warnings().size() + " warning(s)");
            return errors == 0 ? 0 : 1;
        }
    }
}
