package dev.aiops.cli;

import dev.aiops.core.prompt.Prompt;
import dev.aiops.core.prompt.PromptException;
import dev.aiops.core.prompt.PromptLock;
import dev.aiops.core.prompt.PromptRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aiops prompts}: the version-controlled prompts and their lock file. */
@Command(name = "prompts", mixinStandardHelpOptions = true,
        description = "Lists, shows and checks the version-controlled prompts (prompts/*.md and prompts.lock).",
        subcommands = {PromptsCommand.ListPrompts.class, PromptsCommand.Show.class, PromptsCommand.Check.class,
                PromptsCommand.Lock.class})
final class PromptsCommand {

    /** Where the prompts are read from: a directory given with --dir, else the packaged ones. */
    abstract static class Source {
        @Option(names = "--dir", paramLabel = "DIR",
                description = "A prompts directory (default: the prompts packaged with aiops).")
        Path dir;

        @Spec
        CommandSpec spec;

        PromptRegistry registry() {
            return dir == null ? PromptRegistry.fromClasspath() : PromptRegistry.fromDirectory(dir);
        }

        int fail(Exception e) {
            spec.commandLine().getErr().println("aiops prompts " + spec.name() + ": " + e.getMessage());
            return 2;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every prompt with its version and hash.")
    static final class ListPrompts extends Source implements Callable<Integer> {
        @Override
        public Integer call() {
            try {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%-26s %-9s %-12s %s%n", "ID", "VERSION", "SHA256", "DESCRIPTION");
                for (Prompt p : registry().all()) {
                    out.printf("%-26s %-9s %-12s %s%n", p.id(), p.version(), p.hash().substring(0, 12),
                            p.description());
                }
                return 0;
            } catch (PromptException | UncheckedIOException e) {
                return fail(e);
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One prompt: its metadata and body.")
    static final class Show extends Source implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The prompt id, e.g. oncall.system.")
        String id;

        @Override
        public Integer call() {
            try {
                Prompt p = registry().get(id);
                PrintWriter out = spec.commandLine().getOut();
                out.println(p.id() + " " + p.version() + "  sha256:" + p.hash());
                out.println(p.description());
                if (!p.modelHints().isEmpty() || p.temperature() != null) {
                    out.println("model: " + p.modelHints() + (p.temperature() == null ? ""
                            : ", temperature " + p.temperature()));
                }
                for (Prompt.Variable v : p.variables()) {
                    out.println("  {{" + v.name() + "}} " + v.type().name().toLowerCase()
                            + (v.required() ? ", required" : ", optional") + ": " + v.description());
                }
                out.println("---");
                out.print(p.body());
                return 0;
            } catch (PromptException | UncheckedIOException e) {
                return fail(e);
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validates every prompt and compares it with prompts.lock: a prompt whose text changed"
                    + " without a version bump fails.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:prompts valid and locked", "1:mismatch with the lock", "2:a prompt cannot be read"})
    static final class Check extends Source implements Callable<Integer> {
        @Override
        public Integer call() {
            try {
                PromptRegistry prompts = registry();
                List<String> problems = dir == null
                        ? PromptLock.check(prompts, PromptLock.parse(classpathLock(), "classpath:prompts.lock"))
                        : PromptLock.check(prompts, PromptLock.read(dir.resolve(PromptRegistry.LOCK_FILE)));
                problems.forEach(spec.commandLine().getOut()::println);
                if (problems.isEmpty()) {
                    spec.commandLine().getOut().println(prompts.all().size() + " prompts, all valid and locked");
                    return 0;
                }
                return 1;
            } catch (PromptException | UncheckedIOException e) {
                return fail(e);
            }
        }

        private static String classpathLock() {
            try (var in = PromptRegistry.class.getClassLoader().getResourceAsStream("prompts/prompts.lock")) {
                return in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Command(name = "lock", mixinStandardHelpOptions = true,
            description = "Rewrites DIR/prompts.lock from the prompts in DIR (after a deliberate change with a"
                    + " version bump).")
    static final class Lock implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "prompts",
                description = "The prompts directory. Default: ${DEFAULT-VALUE}.")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                PromptRegistry prompts = PromptRegistry.fromDirectory(dir);
                Path lock = dir.resolve(PromptRegistry.LOCK_FILE);
                if (Files.exists(lock)) {
                    for (String p : PromptLock.check(prompts, PromptLock.read(lock))) {
                        if (p.contains("the text changed but the version did not")) {
                            spec.commandLine().getErr().println("aiops prompts lock: " + p);
                            return 1;
                        }
                    }
                }
                PromptLock.write(prompts, lock);
                spec.commandLine().getOut().println("locked " + prompts.all().size() + " prompts in " + lock);
                return 0;
            } catch (PromptException | UncheckedIOException e) {
                spec.commandLine().getErr().println("aiops prompts lock: " + e.getMessage());
                return 2;
            }
        }
    }
}
