package dev.aiops.infra.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed command. Never null fields except name/namespace/resource/subverb which may be null.
 *
 * <p>For a command that is not a single kubectl command (a pipeline, a redirection, another program) the class is
 * {@link CommandClass#UNKNOWN}; {@code argv} then holds every token and the other fields describe the first kubectl
 * command, if the line starts with one. {@code verb} is empty when there is none.
 *
 * @param text         the command line as given (for an argv, the words joined and quoted where needed)
 * @param argv         the words, starting with {@code kubectl}, without a trailing {@code # comment}
 * @param verb         the kubectl verb, e.g. {@code get}; empty when there is none
 * @param subverb      the subcommand of {@code set}, {@code rollout}, {@code auth}, {@code config},
 *                     {@code create}, {@code cluster-info dump} and {@code apply *-last-applied}, else null
 * @param resource     canonical lower-case plural, e.g. "deployments", "pods"; comma-joined for several types
 * @param name         the first object's name, or null
 * @param namespace    the value of {@code -n/--namespace} (or of a {@code kubectl cp} {@code ns/pod:path}), or null
 * @param flags        the flags in order of first appearance, keyed by their long form ({@code --namespace} for
 *                     {@code -n}), each with its values in order; a flag without a value has the value ""
 * @param positional   the arguments after the verb and subverb that are not flags, including those after {@code --}
 * @param commandClass the class
 * @param reason       one sentence why it has this class
 */
public record KubectlCommand(String text, List<String> argv, String verb, String subverb,
        String resource /* canonical lower-case plural, e.g. "deployments", "pods" */, String name,
        String namespace, Map<String, List<String>> flags, List<String> positional,
        CommandClass commandClass, String reason /* one sentence why it has this class */) {

    public KubectlCommand {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(commandClass, "commandClass");
        Objects.requireNonNull(reason, "reason");
        argv = List.copyOf(argv);
        positional = List.copyOf(positional);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        flags.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "flag"), List.copyOf(v)));
        flags = Collections.unmodifiableMap(copy);
    }

    /**
     * Whether the flag was given. Accepts the long form ({@code --namespace}), the short form ({@code -n}, read as
     * this command's verb reads it: {@code -f} is {@code --follow} for {@code logs}) or the bare name.
     */
    public boolean hasFlag(String flag) {
        return flags.containsKey(KubectlSyntax.flagKey(verb, flag));
    }

    /** The last value of the flag (see {@link #hasFlag}), "" for a flag given without a value, or null. */
    public String flag(String flag) {
        List<String> values = flags.get(KubectlSyntax.flagKey(verb, flag));
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }
}
