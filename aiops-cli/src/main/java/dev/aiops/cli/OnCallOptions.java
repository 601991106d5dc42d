package dev.aiops.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The options {@code aiops chat} and {@code aiops ask} share: the cluster, the scope and what may be run. */
final class OnCallOptions {

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SourceOptions source;

    @Option(names = {"-n", "--namespace"}, split = ",", paramLabel = "NS", description = "Only these namespaces.")
    List<String> namespaces = List.of();

    @Option(names = "--read-only", description = "Refuse every command that is not read-only.")
    boolean readOnly;

    @Option(names = "--ask-always", description = "Ask before read-only commands too.")
    boolean askAlways;

    @Option(names = "--gitops-dir", paramLabel = "DIR",
            description = "Where changes to production are written as patches (default: oncall.gitopsDir in"
                    + " config.yaml).")
    Path gitopsDir;

    @Option(names = "--audit-log", paramLabel = "PATH",
            description = "Audit log (default $XDG_STATE_HOME/aiops/audit.jsonl or ~/.local/state/aiops/audit.jsonl).")
    Path auditLog;

    @Option(names = "--no-model", description = "Answer free text from the diagnosis even when a model is configured.")
    boolean noModel;
}
