package dev.aiops.infra.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and classifies a kubectl command line before an agent runs it (the on-call agent, runbooks,
 * remediations). Pure logic: it never runs a shell or anything else.
 *
 * <p>The classes, from the review issue: {@code get}, {@code describe}, {@code logs}, {@code top}, {@code events},
 * {@code auth can-i}, {@code rollout status|history}, {@code explain}, {@code api-resources}, {@code api-versions},
 * {@code version}, {@code cluster-info [dump]}, {@code config view|current-context|get-contexts} and {@code diff}
 * only read. {@code apply}, {@code patch}, {@code scale}, {@code set *}, {@code label}, {@code annotate},
 * {@code create}, {@code rollout restart|undo|pause|resume}, {@code autoscale}, {@code expose}, {@code run},
 * {@code taint}, {@code uncordon}, {@code edit} and {@code replace} mutate. {@code delete}, {@code drain},
 * {@code cordon}, {@code replace --force}, {@code exec}, {@code attach}, {@code cp} and {@code debug} are destructive,
 * and so is any command with {@code --force}, {@code --grace-period=0} or {@code --now}. {@code --dry-run},
 * {@code --dry-run=client} and {@code --dry-run=server} make a mutating command read-only, and
 * {@code delete --dry-run=client|server} too; other destructive commands stay destructive. Everything else is
 * unknown: shell operators outside quotes, command substitution, other programs, other verbs and plugins,
 * {@code port-forward} and the other {@code config} subcommands.
 */
public final class CommandReview {

    private CommandReview() {
    }

    private static final Map<String, String> READ_ONLY = Map.ofEntries(
            Map.entry("get", "reads objects"),
            Map.entry("describe", "reads objects and their events"),
            Map.entry("logs", "reads container logs"),
            Map.entry("top", "reads resource usage"),
            Map.entry("events", "lists events"),
            Map.entry("explain", "prints the documentation of a resource type"),
            Map.entry("api-resources", "lists the server's resource types"),
            Map.entry("api-versions", "lists the server's API versions"),
            Map.entry("version", "prints the client and server versions"),
            Map.entry("cluster-info", "prints the cluster's endpoints"),
            Map.entry("cluster-info dump", "dumps the cluster's state for debugging"),
            Map.entry("diff", "compares manifests with the live objects without changing them"),
            Map.entry("auth can-i", "asks the API server whether an action is allowed"),
            Map.entry("auth whoami", "asks the API server who the user is"),
            Map.entry("rollout status", "watches a rollout's progress"),
            Map.entry("rollout history", "lists a workload's revisions"),
            Map.entry("config view", "prints the kubeconfig"),
            Map.entry("config current-context", "prints the current context"),
            Map.entry("config get-contexts", "lists the kubeconfig's contexts"),
            Map.entry("apply view-last-applied", "prints the last-applied configuration"));

    private static final Map<String, String> MUTATING = Map.ofEntries(
            Map.entry("apply", "changes objects to match the manifests"),
            Map.entry("patch", "changes an object"),
            Map.entry("scale", "changes the number of replicas"),
            Map.entry("set", "changes a workload's pod template or an object's settings"),
            Map.entry("label", "changes labels"),
            Map.entry("annotate", "changes annotations"),
            Map.entry("create", "creates objects"),
            Map.entry("rollout restart", "restarts a workload's pods with a rolling update"),
            Map.entry("rollout undo", "rolls a workload back to an earlier revision"),
            Map.entry("rollout pause", "pauses a rollout"),
            Map.entry("rollout resume", "resumes a paused rollout"),
            Map.entry("autoscale", "creates a HorizontalPodAutoscaler"),
            Map.entry("expose", "creates a Service"),
            Map.entry("run", "starts a pod"),
            Map.entry("taint", "changes a node's taints"),
            Map.entry("uncordon", "makes a node schedulable again"),
            Map.entry("edit", "changes an object in an editor"),
            Map.entry("replace", "replaces an object with a new definition"));

    private static final Map<String, String> DESTRUCTIVE = Map.of(
            "delete", "deletes objects",
            "drain", "evicts every pod from a node and cordons it",
            "cordon", "stops new pods from being scheduled on a node",
            "exec", "runs an arbitrary command inside a container",
            "attach", "attaches to the processes of a running container",
            "cp", "copies files into or out of a container",
            "debug", "starts a debugging container or a copy of a pod");

    /** kubectl's own commands that this reviewer does not classify. */
    private static final Set<String> OTHER_BUILTINS = Set.of("port-forward", "proxy", "wait", "kustomize",
            "completion", "plugin", "certificate", "alpha", "options", "help", "convert", "rolling-update");

    /** Verbs that do nothing without a subcommand. */
    private static final Set<String> NEED_SUBCOMMAND = Set.of("set", "rollout", "auth", "config");

    /** The values pflag reads as false. */
    private static final Set<String> FALSE = Set.of("false", "False", "FALSE", "f", "F", "0");

    private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Za-z_][A-Za-z0-9_.-]*>");

    /** Tokenises shell-like (no shell is ever run) and classifies. Never throws: anything it cannot understand is UNKNOWN with a reason. */
    public static KubectlCommand review(String commandLine) {
        String text = commandLine == null ? "" : commandLine;
        List<ShellLexer.Token> tokens;
        try {
            tokens = ShellLexer.lex(text);
        } catch (IllegalArgumentException e) {
            return unknown(text, List.of(), "The command cannot be split into words: " + e.getMessage() + ".");
        } catch (RuntimeException e) {
            return unknown(text, List.of(), "The command cannot be split into words (" + e + ").");
        }
        List<String> argv = new ArrayList<>(tokens.size());
        int cut = tokens.size();
        String problem = null;
        for (int i = 0; i < tokens.size(); i++) {
            ShellLexer.Token t = tokens.get(i);
            argv.add(t.text());
            if (problem == null && (t.operator() || t.substitution() != null)) {
                cut = i;
                problem = t.operator() ? operatorProblem(text, t) : substitutionProblem(t);
            }
        }
        return build(text, argv, cut, problem);
    }

    /**
     * Classifies an argv as a process would receive it: no shell reads it, so quotes, {@code $(...)} and
     * {@code #} are literal. An element that is a shell operator on its own ({@code |}, {@code &&}, {@code >}...)
     * still makes it UNKNOWN, as such an argv most likely came from splitting a pipeline. Never throws.
     */
    public static KubectlCommand review(List<String> argv) {
        if (argv == null) {
            return unknown("", List.of(), "The command is empty.");
        }
        List<String> words = new ArrayList<>(argv.size());
        for (int i = 0; i < argv.size(); i++) {
            String w = argv.get(i);
            if (w == null) {
                return unknown("", List.of(), "Argument " + i + " of the command is null.");
            }
            words.add(w);
        }
        String text = join(words);
        int cut = words.size();
        String problem = null;
        for (int i = 0; i < words.size() && problem == null; i++) {
            String w = words.get(i);
            if (isOperator(w)) {
                cut = i;
                problem = operatorProblem(null, new ShellLexer.Token(ShellLexer.Kind.OPERATOR, w, -1, null));
            }
        }
        return build(text, words, cut, problem);
    }

    /** Shell-like tokenising: whitespace splits; single quotes literal; double quotes with \" \\ \$ escapes; backslash escapes outside quotes. Throws IllegalArgumentException on an unterminated quote. */
    public static List<String> tokenize(String commandLine) {
        if (commandLine == null) {
            throw new IllegalArgumentException("no command line");
        }
        List<String> out = new ArrayList<>();
        for (ShellLexer.Token t : ShellLexer.lex(commandLine)) {
            out.add(t.text());
        }
        return List.copyOf(out);
    }

    private static KubectlCommand build(String text, List<String> argv, int cut, String problem) {
        try {
            List<String> words = argv.subList(0, cut);
            if (argv.isEmpty()) {
                return unknown(text, argv, "The command is empty.");
            }
            if (words.isEmpty() || !words.get(0).equals("kubectl")) {
                String first = argv.get(0);
                return unknown(text, argv, problem != null && words.isEmpty() ? problem
                        : "The command runs " + quote(first) + ", not kubectl; only a command starting with kubectl "
                                + "is reviewed.");
            }
            KubectlSyntax.Parsed p = KubectlSyntax.parse(words);
            Verdict v = problem != null ? new Verdict(CommandClass.UNKNOWN, problem) : classify(p);
            return new KubectlCommand(text, argv, p.verb == null ? "" : p.verb, p.subverb, p.resource, p.name,
                    p.namespace, p.flags, p.positional, v.commandClass, v.reason);
        } catch (RuntimeException e) {
            return unknown(text, argv, "The command could not be parsed (" + e + ").");
        }
    }

    private record Verdict(CommandClass commandClass, String reason) {
    }

    private static Verdict classify(KubectlSyntax.Parsed p) {
        String verb = p.verb;
        if (verb == null) {
            return new Verdict(CommandClass.UNKNOWN, "The command has no kubectl verb.");
        }
        String command = p.subverb == null ? verb : verb + " " + p.subverb;
        String kubectl = "kubectl " + command;
        Verdict base = base(p, verb, command, kubectl);
        if (base.commandClass == CommandClass.UNKNOWN) {
            return base;
        }
        String dryRun = p.last("dry-run");
        boolean strictDryRun = "server".equals(dryRun) || "client".equals(dryRun);
        if (verb.equals("delete") && strictDryRun) {
            return new Verdict(CommandClass.READ_ONLY, kubectl + " with --dry-run=" + dryRun
                    + " only simulates the deletion, so it is read-only.");
        }
        String force = destructiveFlag(p);
        if (force != null) {
            if (verb.equals("replace") && force.equals("--force")) {
                return new Verdict(CommandClass.DESTRUCTIVE, "kubectl replace --force deletes the object and "
                        + "creates it again.");
            }
            if (base.commandClass != CommandClass.DESTRUCTIVE) {
                return new Verdict(CommandClass.DESTRUCTIVE, kubectl + " is given " + force + ", and any command with "
                        + force + " is treated as destructive.");
            }
            return base;
        }
        if (base.commandClass == CommandClass.MUTATING && (strictDryRun || "".equals(dryRun))) {
            return new Verdict(CommandClass.READ_ONLY, kubectl + " with " + (dryRun.isEmpty() ? "--dry-run"
                    : "--dry-run=" + dryRun) + " only simulates the change, so it is read-only.");
        }
        return base;
    }

    private static Verdict base(KubectlSyntax.Parsed p, String verb, String command, String kubectl) {
        String what = READ_ONLY.get(command);
        if (what != null) {
            return new Verdict(CommandClass.READ_ONLY, kubectl + " " + what + " and changes nothing.");
        }
        if (NEED_SUBCOMMAND.contains(verb) && p.subverb == null) {
            return new Verdict(CommandClass.UNKNOWN, kubectl + " without a subcommand is not a command this "
                    + "reviewer classifies.");
        }
        if (verb.equals("config")) {
            return new Verdict(CommandClass.UNKNOWN, kubectl + " may change the kubeconfig; only config view, "
                    + "current-context and get-contexts are reviewed as read-only.");
        }
        what = MUTATING.get(verb.equals("set") || verb.equals("create") || verb.equals("apply") ? verb : command);
        if (what != null) {
            return new Verdict(CommandClass.MUTATING, kubectl + " " + what + ".");
        }
        what = DESTRUCTIVE.get(verb);
        if (what != null) {
            return new Verdict(CommandClass.DESTRUCTIVE, kubectl + " " + what + ".");
        }
        if (p.subverb != null) {
            return new Verdict(CommandClass.UNKNOWN, kubectl + " is not a " + verb + " subcommand this reviewer "
                    + "classifies.");
        }
        if (OTHER_BUILTINS.contains(verb)) {
            return new Verdict(CommandClass.UNKNOWN, kubectl + " is not one of the commands this reviewer "
                    + "classifies.");
        }
        return new Verdict(CommandClass.UNKNOWN, quote(verb) + " is not a built-in kubectl command this reviewer "
                + "knows; it may be a plugin.");
    }

    /** The flag that makes any command destructive, as written in the reason, or null. */
    private static String destructiveFlag(KubectlSyntax.Parsed p) {
        for (String v : p.values("force")) {
            if (isTrue(v)) {
                return "--force";
            }
        }
        for (String v : p.values("grace-period")) {
            if (isZero(v)) {
                return "--grace-period=0";
            }
        }
        for (String v : p.values("now")) {
            if (isTrue(v)) {
                return "--now";
            }
        }
        return null;
    }

    /** A boolean flag's value as pflag reads it; anything but a false value counts as true. */
    private static boolean isTrue(String value) {
        return !FALSE.contains(value);
    }

    private static boolean isZero(String value) {
        try {
            return Integer.parseInt(value.strip()) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String operatorProblem(String text, ShellLexer.Token t) {
        String op = t.text();
        if (text != null && op.equals("<") && t.start() >= 0) {
            Matcher m = PLACEHOLDER.matcher(text);
            if (m.find(t.start()) && m.start() == t.start()) {
                return "The command has the unfilled placeholder " + m.group() + ", whose < and > a shell would read "
                        + "as redirections.";
            }
        }
        String does = switch (op) {
            case "|", "|&" -> "pipes into another command";
            case "&&", "||", ";", ";;", "\n" -> "chains another command";
            case "&" -> "runs in the background";
            case "(", ")" -> "opens a subshell";
            case "<(", ">(" -> "uses process substitution";
            default -> "redirects input or output";
        };
        return "The command " + does + " with " + (op.equals("\n") ? "a newline" : quote(op)) + " outside quotes; "
                + "only a single kubectl command is reviewed.";
    }

    private static String substitutionProblem(ShellLexer.Token t) {
        return "The command has a command substitution " + (t.substitution().equals("`") ? "in backticks"
                : quote("$(...)")) + " that a shell would run.";
    }

    /** Shell operators as a shell splits them out of a line. */
    private static boolean isOperator(String w) {
        if (w.equals("\n")) {
            return true;
        }
        try {
            List<ShellLexer.Token> tokens = ShellLexer.lex(w);
            return !tokens.isEmpty() && tokens.stream().allMatch(ShellLexer.Token::operator);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static KubectlCommand unknown(String text, List<String> argv, String reason) {
        return new KubectlCommand(text, argv, "", null, null, null, null, Map.of(), List.of(), CommandClass.UNKNOWN,
                reason);
    }

    private static String quote(String s) {
        return "`" + s + "`";
    }

    /** The words joined with single quotes where a shell would need them, so that tokenize reads them back. */
    private static String join(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (!w.isEmpty() && w.matches("[A-Za-z0-9_@%+=:,./-]+")) {
                sb.append(w);
            } else {
                sb.append('\'').append(w.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }
}
