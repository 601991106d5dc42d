package dev.aiops.cli;

import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.domain.spec.DeploymentSpec;
import dev.aiops.domain.spec.SpecProblem;
import dev.aiops.domain.spec.SpecRead;
import dev.aiops.domain.spec.SpecReader;
import dev.aiops.domain.spec.SpecRenderer;
import dev.aiops.domain.spec.SpecValidation;
import dev.aiops.domain.spec.SpecValidator;
import dev.aiops.domain.spec.SpecViolation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aiops spec}: deployment specs, validated and rendered into Kubernetes objects. */
@Command(name = "spec", mixinStandardHelpOptions = true,
        description = "Deployment specs (skills/schema/deployment-spec.schema.json): validate them, render the"
                + " Kubernetes objects they imply.",
        subcommands = {SpecCommand.Validate.class, SpecCommand.Render.class})
final class SpecCommand {

    /** {@code aiops spec validate FILE...}. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Checks each file against the deployment spec schema (every error with its JSON pointer and"
                    + " line), then renders it for each of its environments and runs the diagnosis over the objects:"
                    + " the same policies as aiops diagnose (requests and limits, probes, non-root, :latest, secrets"
                    + " in literal values, disruption budgets, autoscalers...).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every file is valid, with no violation at or above --fail-on",
                    "1:schema errors, contradictions, or violations at or above --fail-on",
                    "2:usage error, or a file that cannot be read or is not YAML (the message names it and why)"})
    static final class Validate implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Deployment spec files (YAML).")
        List<Path> files;

        @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
                description = "text or json. Default: ${DEFAULT-VALUE}.")
        String output;

        @Option(names = "--fail-on", defaultValue = "info", paramLabel = "SEVERITY",
                description = "Exit 1 when a violation is at least this severe: critical, high, medium, low, info"
                        + " (any violation) or none (schema errors only). Default: ${DEFAULT-VALUE}.")
        String failOn;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String format = output.toLowerCase(Locale.ROOT);
            if (!List.of("text", "json").contains(format)) {
                err.println("aiops spec validate: --output takes text or json, not '" + output + "'");
                return 2;
            }
            Severity threshold;
            try {
                threshold = failOn.equalsIgnoreCase("none") ? null : Severity.parse(failOn);
            } catch (IllegalArgumentException e) {
                err.println("aiops spec validate: --fail-on takes critical, high, medium, low, info or none, not '"
                        + failOn + "'");
                return 2;
            }
            SpecValidator validator = SpecValidator.standard();
            List<SpecValidation> results = new ArrayList<>();
            for (Path f : files) results.add(validator.validate(f));
            int exit = 0;
            for (SpecValidation v : results) {
                if (!v.readable()) {
                    v.problems().forEach(p -> err.println("aiops spec validate: " + p));
                    exit = 2;
                } else if (v.failsAt(threshold) && exit == 0) {
                    exit = 1;
                }
            }
            if (format.equals("json")) {
                out.println(json(results, threshold, exit));
            } else {
                for (SpecValidation v : results) {
                    if (v.readable()) text(v, threshold, out);
                }
            }
            out.flush();
            return exit;
        }

        private static void text(SpecValidation v, Severity threshold, PrintWriter out) {
            v.problems().forEach(out::println);
            for (SpecViolation violation : v.violations()) out.println(v.source() + ": " + violation);
            if (!v.problems().isEmpty()) {
                out.println(v.source() + ": invalid, " + count(v.problems().size(), "problem")
                        + " (nothing rendered)");
            } else if (v.violations().isEmpty()) {
                out.println(v.source() + ": valid");
            } else {
                long failing = threshold == null ? 0
                        : v.violations().stream().filter(x -> x.severity().atLeast(threshold)).count();
                out.println(v.source() + ": " + count(v.violations().size(), "violation")
                        + (threshold == null ? "" : ", " + failing + " at or above " + threshold.label()));
            }
        }

        private static String json(List<SpecValidation> results, Severity threshold, int exit) {
            JsonMapper mapper = JsonMapper.builder().build();
            ObjectNode root = mapper.createObjectNode();
            ArrayNode files = root.putArray("files");
            for (SpecValidation v : results) {
                ObjectNode f = files.addObject().put("file", v.source()).put("readable", v.readable())
                        .put("passed", !v.failsAt(threshold));
                ArrayNode problems = f.putArray("problems");
                for (SpecProblem p : v.problems()) {
                    problems.addObject().put("kind", p.kind().name().toLowerCase(Locale.ROOT)).put("pointer", p.pointer())
                            .put("line", p.line()).put("message", p.message());
                }
                ArrayNode violations = f.putArray("violations");
                for (SpecViolation x : v.violations()) {
                    ObjectNode o = violations.addObject().put("environment", x.environment());
                    o.putObject("object").put("kind", x.object().kind()).put("namespace", x.object().namespace())
                            .put("name", x.object().name());
                    o.put("category", x.category().name()).put("severity", x.severity().label())
                            .put("message", x.message());
                }
            }
            root.put("failOn", threshold == null ? "none" : threshold.label()).put("exitCode", exit);
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        }
    }

    /** {@code aiops spec render FILE [--env ENV] [-o DIR]}. */
    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Writes the Kubernetes objects a spec implies for one environment, one YAML file per object:"
                    + " ServiceAccount, Service, Deployment or StatefulSet, HorizontalPodAutoscaler,"
                    + " PodDisruptionBudget and PrometheusRule (SLO burn-rate alerts, rollback triggers, the spec's"
                    + " alerts). ConfigMaps and Secrets are referenced, never written. Violations the diagnosis"
                    + " finds in them are printed as warnings on stderr.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:written", "1:the spec has schema errors or contradictions (nothing written)",
                    "2:usage error, a file that cannot be read, or a directory that cannot be written"})
    static final class Render implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "A deployment spec file (YAML).")
        Path file;

        @Option(names = "--env", paramLabel = "ENV",
                description = "dev, staging or production; needed when the spec has more than one environment.")
        String environment;

        @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
                description = "Where to write the files. Default: ./rendered/ENV/.")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            SpecRead read = SpecReader.read(file);
            if (!read.valid()) {
                read.problems().forEach(p -> err.println("aiops spec render: " + p));
                return read.readable() ? 1 : 2;
            }
            DeploymentSpec ds = read.spec();
            Set<String> environments = ds.environments().keySet();
            String env = environment;
            if (env == null && environments.size() == 1) env = environments.iterator().next();
            if (env == null || !environments.contains(env)) {
                err.println("aiops spec render: " + (env == null ? "--env is needed" : "no environment '" + env + "'")
                        + ": " + file + " has " + String.join(", ", environments));
                return 2;
            }
            Path target = dir != null ? dir : Path.of("rendered", env);
            List<Path> written;
            try {
                written = SpecRenderer.write(ds, env, target);
            } catch (UncheckedIOException e) {
                err.println("aiops spec render: " + e.getMessage());
                return 2;
            }
            written.forEach(out::println);
            for (Path stale : stale(target, written)) {
                err.println("aiops spec render: warning: " + stale + " was not written by this render (left from an"
                        + " earlier one?)");
            }
            for (SpecViolation v : SpecValidator.standard().violations(ds, env)) {
                err.println("aiops spec render: warning: " + v);
            }
            out.flush();
            return 0;
        }

        private static List<Path> stale(Path dir, List<Path> written) {
            Set<Path> ours = new HashSet<>(written);
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.toString().endsWith(".yaml") && !ours.contains(p)).sorted().toList();
            } catch (IOException e) {
                return List.of();
            }
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
