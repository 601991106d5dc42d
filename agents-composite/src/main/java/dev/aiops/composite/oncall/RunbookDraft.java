package dev.aiops.composite.oncall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The procedure a session carried out, as a runbook draft: every approved command with its outcome and the
 * rollback step recorded before it ran. Markdown with YAML front matter, rewritten whole after each step, so a
 * captured procedure can be reviewed and kept as a runbook.
 */
final class RunbookDraft {

    /** One approved step. */
    record Step(Instant time, String command, String commandClass, String reason, boolean succeeded,
                String outcome, String rollback) {
    }

    private final Path file;
    private final String session;
    private final String source;
    private final Instant created;
    private final List<Step> steps = new ArrayList<>();

    RunbookDraft(Path dir, String session, String source, Instant created) {
        this.file = dir.resolve(session + ".md");
        this.session = session;
        this.source = source;
        this.created = created;
    }

    Path file() {
        return file;
    }

    /** Where files a step needs (saved manifests for rollback) are kept. */
    Path attachment(String name) {
        return file.resolveSibling(session + "-" + name);
    }

    synchronized void add(Step step) {
        steps.add(step);
        write();
    }

    private void write() {
        StringBuilder md = new StringBuilder("---\n");
        md.append("title: \"Procedure captured in on-call session ").append(session).append("\"\n");
        md.append("session: ").append(session).append('\n');
        md.append("cluster: \"").append(source.replace("\"", "'")).append("\"\n");
        md.append("created: ").append(created).append('\n');
        md.append("updated: ").append(steps.get(steps.size() - 1).time()).append('\n');
        md.append("steps: ").append(steps.size()).append('\n');
        md.append("status: draft\n---\n\n");
        md.append("# Procedure captured in on-call session ").append(session).append("\n\n");
        md.append("Review before reuse: each step ran after approval; its rollback was recorded before it ran.\n");
        int n = 1;
        for (Step s : steps) {
            md.append("\n## Step ").append(n++).append(": ").append(s.reason().isBlank() ? s.command() : s.reason())
                    .append("\n\n");
            md.append("Class: ").append(s.commandClass()).append(". Ran at ").append(s.time()).append(", ")
                    .append(s.succeeded() ? "succeeded" : "failed").append(".\n\n");
            md.append("```bash\n").append(s.command()).append("\n```\n\n");
            if (!s.outcome().isBlank()) {
                md.append("Outcome:\n\n```\n").append(s.outcome().strip()).append("\n```\n\n");
            }
            md.append("Rollback:\n\n```bash\n").append(s.rollback()).append("\n```\n");
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, md, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the runbook draft " + file + ": " + e.getMessage(), e);
        }
    }
}
