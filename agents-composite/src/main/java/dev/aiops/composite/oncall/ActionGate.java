package dev.aiops.composite.oncall;

import dev.aiops.core.audit.AuditEntry;
import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.notify.Notification;
import dev.aiops.core.notify.Notifier;
import dev.aiops.infra.command.CommandClass;
import dev.aiops.infra.command.CommandReview;
import dev.aiops.infra.command.KubectlCommand;
import dev.aiops.infra.exec.Change;
import dev.aiops.infra.exec.CommandExecutor;
import dev.aiops.infra.exec.Outcome;
import dev.aiops.infra.exec.Plan;
import dev.aiops.infra.k8s.K8s;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every command the on-call agent wants to run passes here, whoever proposed it (the model, a runbook, a
 * remediation, the person): it is parsed without a shell and classified; read-only commands run; mutating ones run
 * after a person approves the diff; destructive (and unknown) ones after the person types the object's name; in a
 * read-only session or production nothing is changed by hand. Every decision is audited, every approved change
 * notifies, and every change made is appended, with its rollback, to the session's runbook draft.
 */
final class ActionGate {

    static final String SKILL = "k8s.command.run";
    private static final int MAX_OUTPUT = 12_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final ClusterAccess cluster;
    private final ActionPolicy policy;
    private final Approver approver;
    private final AuditLog audit;
    private final Notifier notifier;
    private final RunbookDraft draft;
    private final Clock clock;
    private final String session;
    private final Consumer<ObjectNode> sessionLog;

    ActionGate(ClusterAccess cluster, ActionPolicy policy, Approver approver, AuditLog audit, Notifier notifier,
               RunbookDraft draft, Clock clock, String session, Consumer<ObjectNode> sessionLog) {
        this.cluster = cluster;
        this.policy = policy;
        this.approver = approver;
        this.audit = audit;
        this.notifier = notifier;
        this.draft = draft;
        this.clock = clock;
        this.session = session;
        this.sessionLog = sessionLog;
    }

    /** Reviews, approves and runs one command; the result follows {@code k8s.command.run}'s output contract. */
    ObjectNode run(String text, String reason, String requestedBy) {
        long start = System.nanoTime();
        KubectlCommand c = CommandReview.review(text);
        String why = reason == null ? "" : reason;
        ObjectNode out = JSON.createObjectNode().put("commandClass", c.commandClass().name());
        if (policy.readOnly() && !c.commandClass().readOnly()) {
            return refuse(out, c, text, requestedBy, start, "this session is read-only (--read-only), and this is a "
                    + c.commandClass().name().toLowerCase().replace('_', '-') + " command: " + c.reason());
        }
        CommandExecutor executor = cluster.executor(clock);
        Plan plan = executor.plan(c);
        if (!plan.runnable()) {
            return refuse(out, c, text, requestedBy, start, plan.refusal());
        }
        String diff = plan.changes().stream().map(Change::diff).collect(Collectors.joining());
        if (!diff.isEmpty()) {
            out.put("diff", diff);
        }
        boolean mutation = !plan.changes().isEmpty() && plan.route() != Plan.Route.READ
                || plan.route() == Plan.Route.KUBECTL && !c.commandClass().readOnly();
        if (mutation && production(c, plan)) {
            return gitops(out, c, plan, text, why, requestedBy, start);
        }
        ProposedAction action = new ProposedAction(text, c.commandClass(), why, requestedBy, diff,
                plan.changes().stream().map(Change::reference).toList());
        boolean approved;
        String decision;
        if (c.commandClass() == CommandClass.READ_ONLY) {
            approved = !policy.askAlways() || approver.confirm(action);
            decision = policy.askAlways() ? approved ? "approved" : "declined" : "auto";
        } else if (c.commandClass() == CommandClass.MUTATING) {
            approved = approver.confirm(action);
            decision = approved ? "approved" : "declined";
        } else {
            approved = approver.confirmByTyping(action, expectedName(c, plan));
            decision = approved ? "approved" : "declined";
        }
        if (!decision.equals("auto")) {
            sessionLog.accept(JSON.createObjectNode().put("type", "approval").put("command", masked(c, text))
                    .put("class", c.commandClass().name()).put("decision", decision).put("requestedBy", requestedBy));
        }
        if (!approved) {
            record(c, text, requestedBy, decision, "not-run", start, Map.of());
            return out.put("status", "declined").put("message", "the person declined to run `" + text
                    + "`; it was not run");
        }
        List<String> rollbacks = new ArrayList<>();
        for (Change ch : plan.changes()) {
            rollbacks.add(rollback(ch));
        }
        Outcome result = executor.run(plan);
        if (mutation) {
            cluster.invalidate();
        }
        String output = trim(result.output());
        String rollback = String.join("\n", rollbacks);
        out.put("status", result.succeeded() ? "ran" : "failed").put("output", output);
        if (mutation) {
            out.put("rollback", rollback.isEmpty() ? "# no rollback recorded: kubectl ran it" : rollback);
            draft.add(new RunbookDraft.Step(clock.instant(), masked(c, text), c.commandClass().name(), why,
                    result.succeeded(), output, out.path("rollback").asString()));
            notifyAction(c, text, plan, result.succeeded(), decision, requestedBy);
        }
        out.put("message", (result.succeeded() ? "ran `" : "`") + text + (result.succeeded() ? "`" : "` failed")
                + (mutation ? (result.succeeded() ? "; the change is recorded in " : "; recorded in ")
                + draft.file() : ""));
        record(c, text, requestedBy, decision, result.succeeded() ? "ran" : "failed", start,
                mutation ? Map.of("rollback", out.path("rollback").asString()) : Map.of());
        return out;
    }

    private ObjectNode refuse(ObjectNode out, KubectlCommand c, String text, String requestedBy, long start,
                              String why) {
        record(c, text, requestedBy, "refused", "not-run", start, Map.of("why", why));
        return out.put("status", "refused").put("message", "`" + text + "` was not run: " + why);
    }

    private ObjectNode gitops(ObjectNode out, KubectlCommand c, Plan plan, String text, String why,
                              String requestedBy, long start) {
        if (plan.route() != Plan.Route.API || plan.changes().isEmpty()) {
            return refuse(out, c, text, requestedBy, start, "the target is production, where nothing is changed by"
                    + " hand, and this command cannot be written as a patch: change it in Git");
        }
        if (plan.changes().stream().anyMatch(ch -> "Secret".equals(ch.kind()))) {
            return refuse(out, c, text, requestedBy, start, "the target is production, and Secrets are not written"
                    + " to Git: change it through your secret manager");
        }
        if (policy.gitopsDir() == null) {
            return refuse(out, c, text, requestedBy, start, "the target is production, where changes go through Git;"
                    + " set oncall.gitopsDir in config.yaml (or --gitops-dir) to have the change written as a patch");
        }
        List<Path> files = new GitOpsPatches(policy.gitopsDir()).write(plan.changes(), text, why);
        String list = files.stream().map(Path::toString).collect(Collectors.joining(", "));
        record(c, text, requestedBy, "gitops", "written-as-patch", start, Map.of("files", list));
        notifier.notify(new Notification("dev.aiops.action.proposed", subject(plan),
                "aiops wrote a production change for review: " + text,
                "Patch written to " + list + "; commit it for Argo CD or Flux to apply.", "info",
                Map.of("session", session, "class", c.commandClass().name(), "cluster", cluster.source().name()),
                clock.instant()));
        return out.put("status", "written-as-patch").put("patchFile", files.get(0).toString())
                .put("message", "the target is production, so `" + text + "` was not run; the change is written to "
                        + list + " (listed in " + policy.gitopsDir().resolve("kustomization.yaml")
                        + "): commit it for Argo CD or Flux to apply");
    }

    private boolean production(KubectlCommand c, Plan plan) {
        if (cluster.context() != null && policy.productionContexts().contains(cluster.context())) {
            return true;
        }
        Set<String> namespaces = new LinkedHashSet<>();
        if (c.namespace() != null) {
            namespaces.add(c.namespace());
        }
        plan.changes().forEach(ch -> {
            if (ch.namespace() != null) {
                namespaces.add(ch.namespace());
            }
        });
        for (String ns : namespaces) {
            if (policy.productionNamespaces().contains(ns)) {
                return true;
            }
            JsonNode n = cluster.snapshot().get("Namespace", null, ns);
            if (n != null && ("production".equals(K8s.label(n, ActionPolicy.PRODUCTION_MARK))
                    || "production".equals(K8s.annotation(n, ActionPolicy.PRODUCTION_MARK)))) {
                return true;
            }
        }
        return false;
    }

    private String rollback(Change ch) {
        if (ch.deletes() || "Secret".equals(ch.kind())) {
            if (ch.before() == null) {
                return Rollbacks.of(ch, null);
            }
            Path saved = draft.attachment(ch.kind().toLowerCase() + "-" + ch.name() + "-" + clock.millis() + ".yaml");
            try {
                Files.createDirectories(saved.getParent());
                Files.writeString(saved, YAML.writeValueAsString(Rollbacks.manifest(ch.before())),
                        StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(saved, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // the file stays with the default permissions
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save " + ch.reference() + " for its rollback: "
                        + e.getMessage(), e);
            }
            return ch.deletes() ? Rollbacks.of(ch, saved.toString()) : "kubectl apply -f " + saved;
        }
        return Rollbacks.of(ch, null);
    }

    private static String expectedName(KubectlCommand c, Plan plan) {
        if (!plan.changes().isEmpty()) {
            return plan.changes().get(0).name();
        }
        return c.name() != null ? c.name() : c.verb();
    }

    private void notifyAction(KubectlCommand c, String text, Plan plan, boolean ok, String decision,
                              String requestedBy) {
        notifier.notify(new Notification(ok ? "dev.aiops.action.executed" : "dev.aiops.action.failed", subject(plan),
                "aiops on-call " + (ok ? "ran" : "failed to run") + ": " + text,
                c.commandClass().name().toLowerCase() + " command " + decision + " by the person at the terminal, "
                        + "proposed by the " + requestedBy + "; rollback in " + draft.file(),
                ok ? "info" : "warning",
                Map.of("session", session, "class", c.commandClass().name(), "cluster", cluster.source().name(),
                        "outcome", ok ? "ran" : "failed"), clock.instant()));
    }

    private static String subject(Plan plan) {
        if (plan.changes().isEmpty()) {
            KubectlCommand c = plan.command();
            return (c.resource() == null ? c.verb() : c.resource()) + "/" + (c.namespace() == null ? ""
                    : c.namespace() + "/") + (c.name() == null ? "" : c.name());
        }
        Change ch = plan.changes().get(0);
        return ch.kind().toLowerCase() + "/" + (ch.namespace() == null ? "" : ch.namespace() + "/") + ch.name();
    }

    private void record(KubectlCommand c, String text, String requestedBy, String decision, String outcome,
                        long start, Map<String, String> extra) {
        AuditEntry e = AuditEntry.of("oncall", SKILL)
                .target(c.resource() == null ? String.valueOf(c.verb()) : c.resource() + "/"
                        + (c.namespace() == null ? "" : c.namespace() + "/") + (c.name() == null ? "" : c.name()))
                .arguments(text).decision(decision).outcome(outcome)
                .durationMs((System.nanoTime() - start) / 1_000_000)
                .detail("class", c.commandClass().name()).detail("requestedBy", requestedBy)
                .detail("session", session).detail("cluster", String.valueOf(cluster.source().name()));
        for (Map.Entry<String, String> x : extra.entrySet()) {
            e = e.detail(x.getKey(), x.getValue());
        }
        audit.append(e);
    }

    /** A Secret's literal values never reach the runbook draft or the session file. */
    static String masked(KubectlCommand c, String text) {
        return "secrets".equals(c.resource())
                ? text.replaceAll("(--from-literal[= ][^=\\s]+=)\\S+", "$1<redacted>") : text;
    }

    private static String trim(String s) {
        return s.length() <= MAX_OUTPUT ? s : s.substring(0, MAX_OUTPUT / 2) + "\n[... "
                + (s.length() - MAX_OUTPUT) + " characters cut ...]\n" + s.substring(s.length() - MAX_OUTPUT / 2);
    }
}
