package dev.aiops.composite.oncall;

import dev.aiops.core.llm.Usage;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.ReportText;
import dev.aiops.domain.runbook.Runbook;
import dev.aiops.domain.runbook.RunbookGenerator;
import dev.aiops.domain.timeline.Timeline;
import dev.aiops.domain.timeline.TimelineAgent;
import dev.aiops.domain.timeline.TimelineJson;
import dev.aiops.domain.timeline.TimelineText;
import dev.aiops.infra.command.CommandClass;
import dev.aiops.infra.command.CommandReview;
import dev.aiops.infra.command.KubectlCommand;
import dev.aiops.infra.k8s.K8s;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The slash commands of a session: deterministic, and all of them work without a model. */
final class SlashCommands {

    static final String HELP = """
            Commands (no model needed):
              /diagnose [NS]          diagnose the cluster again (all namespaces in scope, or NS)
              /findings               the findings of the last diagnosis, numbered
              /explain FINDING        one finding in full: cause, evidence, fixes (id, number or object name)
              /logs POD [-c C] [--previous]   a container's log (POD or NS/POD), redacted
              /events [OBJECT]        events, of one object (KIND/NAME, NS/NAME or NAME) when given
              /runbook FINDING        a runbook with a rollback plan for a finding
              /fix FINDING            run the finding's fix, after review and your approval
              /timeline [NS] [--since 2h] [--around KIND/NAME]   what happened in order: events, statuses,
                                      rollouts and logs, with the probable trigger and the first error
              /usage                  tokens and cost of this session, commands run
              /history                what was asked in this session
              /clear                  forget the conversation so far (the session file keeps it)
              /help                   this list
              /exit                   end the session
            Anything else is a question: answered by the model when one is configured, else from the diagnosis.
            """;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OnCallAgent agent;

    SlashCommands(OnCallAgent agent) {
        this.agent = agent;
    }

    String run(String line) {
        List<String> words;
        try {
            words = CommandReview.tokenize(line.substring(1));
        } catch (IllegalArgumentException e) {
            return "Cannot read that command: " + e.getMessage() + "\n";
        }
        if (words.isEmpty()) {
            return HELP;
        }
        List<String> args = words.subList(1, words.size());
        try {
            return switch (words.get(0).toLowerCase(Locale.ROOT)) {
                case "diagnose" -> ReportText.text(agent.rediagnose(args.isEmpty() ? Set.of()
                        : new LinkedHashSet<>(args)), false);
                case "findings" -> findings(agent.report());
                case "explain" -> explain(args);
                case "logs" -> logs(args);
                case "events" -> events(args);
                case "runbook" -> runbook(args);
                case "fix" -> fix(args);
                case "timeline" -> timeline(args);
                case "usage" -> usage();
                case "history" -> history();
                case "clear" -> {
                    agent.clearConversation();
                    yield "The conversation so far is forgotten; the session file keeps it.\n";
                }
                case "help" -> HELP;
                case "exit", "quit" -> {
                    agent.requestExit();
                    yield "Session " + agent.sessionId() + " saved; resume it with: aiops chat --resume "
                            + agent.sessionId() + "\n";
                }
                default -> "Unknown command /" + words.get(0) + ".\n" + HELP;
            };
        } catch (IllegalArgumentException e) {
            return e.getMessage() + "\n";
        }
    }

    private static String findings(DiagnosisReport r) {
        if (r.findings().isEmpty()) {
            return "No findings: nothing is wrong that the diagnosis can see.\n";
        }
        StringBuilder sb = new StringBuilder();
        int n = 1;
        for (Finding f : r.findings()) {
            ObjectRef s = f.subject();
            sb.append(String.format("%2d. %-8s %-24s %s %s%s  (%s)%n", n++, f.severity().label().toUpperCase(
                            Locale.ROOT), f.category(), s.kind(), s.namespace() == null ? "" : s.namespace() + "/",
                    s.name(), f.id()));
        }
        return sb.toString();
    }

    /** A finding by id, by its number in /findings, or by the name of its object when that is unambiguous. */
    private Finding finding(List<String> args) {
        return finding(args, false);
    }

    /** With {@code anyOnSubject}, a name that matches several findings of one object picks the most severe. */
    private Finding finding(List<String> args, boolean anyOnSubject) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("Name a finding: its id, its number in /findings, or its object.");
        }
        String ref = args.get(0);
        List<Finding> all = agent.report().findings();
        for (Finding f : all) {
            if (f.id().equals(ref)) {
                return f;
            }
        }
        if (ref.matches("\\d+")) {
            int i = Integer.parseInt(ref);
            if (i >= 1 && i <= all.size()) {
                return all.get(i - 1);
            }
            throw new IllegalArgumentException("There is no finding " + i + "; /findings lists " + all.size() + ".");
        }
        List<Finding> matching = new ArrayList<>();
        for (Finding f : all) {
            ObjectRef s = f.subject();
            if (f.id().startsWith(ref) || ref.equals(s.name()) || ref.equals(s.namespace() + "/" + s.name())) {
                matching.add(f);
            }
        }
        if (matching.size() == 1 || anyOnSubject && !matching.isEmpty()
                && matching.stream().allMatch(f -> f.subject().equals(matching.get(0).subject()))) {
            return matching.stream().min((a, b) -> a.severity().compareTo(b.severity())).orElseThrow();
        }
        if (matching.isEmpty()) {
            throw new IllegalArgumentException("No finding matches '" + ref + "'; /findings lists them.");
        }
        StringBuilder sb = new StringBuilder("'" + ref + "' matches " + matching.size() + " findings; name one:\n");
        matching.forEach(f -> sb.append("  ").append(f.id()).append("  ").append(f.category()).append('\n'));
        throw new IllegalArgumentException(sb.toString().stripTrailing());
    }

    private String explain(List<String> args) {
        Finding f = finding(args);
        StringBuilder sb = new StringBuilder(OfflineAnswers.describe(f));
        sb.append("  summary: ").append(f.summary()).append('\n');
        for (int i = 3; i < f.evidence().size(); i++) {
            sb.append("  [").append(f.evidence().get(i).source()).append("] ").append(f.evidence().get(i).text())
                    .append('\n');
        }
        for (Remediation r : f.remediation()) {
            sb.append("  remedy: ").append(r.description()).append(r.command() == null ? "" : ": " + r.command())
                    .append('\n');
        }
        f.related().forEach(r -> sb.append("  related: ").append(r).append('\n'));
        return sb.append("/runbook ").append(f.id()).append(" gives the procedure; /fix ").append(f.id())
                .append(" runs the fix after your approval.\n").toString();
    }

    private String logs(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("Usage: /logs POD [-c CONTAINER] [--previous]");
        }
        String[] pod = locate("Pod", args.get(0));
        StringBuilder cmd = new StringBuilder("kubectl logs -n " + pod[0] + " " + pod[1]);
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("-c") || a.equals("--container")) && i + 1 < args.size()) {
                cmd.append(" -c ").append(args.get(++i));
            } else if (a.equals("--previous") || a.equals("-p")) {
                cmd.append(" --previous");
            } else {
                throw new IllegalArgumentException("Usage: /logs POD [-c CONTAINER] [--previous]");
            }
        }
        return command(cmd.toString(), "asked for with /logs");
    }

    private String events(List<String> args) {
        if (args.isEmpty()) {
            return command("kubectl get events -A", "asked for with /events");
        }
        String ref = args.get(0);
        String kind = "Pod";
        if (ref.contains("/") && !isNamespace(ref.substring(0, ref.indexOf('/')))) {
            kind = kindOf(ref.substring(0, ref.indexOf('/')));
            ref = ref.substring(ref.indexOf('/') + 1);
        }
        String[] at = locate(kind, ref);
        return command("kubectl events -n " + at[0] + " --for=" + at[2].toLowerCase(Locale.ROOT) + "/" + at[1],
                "asked for with /events");
    }

    private String runbook(List<String> args) {
        Finding f = finding(args);
        Runbook rb = RunbookGenerator.generate(f);
        StringBuilder sb = new StringBuilder("# ").append(rb.title()).append("\n\n");
        int n = 1;
        for (Runbook.Step s : rb.steps()) {
            sb.append(n++).append(". ").append(s.description()).append('\n');
            if (s.command() != null) {
                sb.append("   $ ").append(s.command()).append(s.destructive() ? "   # destructive" : "").append('\n');
            }
        }
        sb.append("\nRollback:\n");
        n = 1;
        for (Runbook.Step s : rb.rollback()) {
            sb.append(n++).append(". ").append(s.description()).append('\n');
            if (s.command() != null) {
                sb.append("   $ ").append(s.command()).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Runs the first fix that can run unattended by placeholders: the finding's own remedies first, then those of
     * the other findings on the same object (a stuck rollout's undo fixes the image that cannot be pulled).
     */
    private String fix(List<String> args) {
        Finding f = finding(args, true);
        List<Finding> candidates = new ArrayList<>(List.of(f));
        for (Finding other : agent.report().findings()) {
            if (other != f && other.subject().equals(f.subject())) {
                candidates.add(other);
            }
        }
        List<String> skipped = new ArrayList<>();
        for (Finding c : candidates) {
            for (Remediation r : c.remediation()) {
                if (r.command() == null) {
                    continue;
                }
                KubectlCommand k = CommandReview.review(r.command());
                if (k.commandClass() == CommandClass.READ_ONLY) {
                    continue;
                }
                if (r.command().contains("<") || k.commandClass() == CommandClass.UNKNOWN) {
                    skipped.add(r.command() + (r.command().contains("<") ? "   (fill in the placeholders)"
                            : "   (" + k.reason() + ")"));
                    continue;
                }
                String command = r.command().replaceAll("\\s+#.*$", "");
                return "Fix of " + f.id() + ": " + r.description() + "\n"
                        + command(command, "fix of " + c.id() + ": " + r.description());
            }
        }
        StringBuilder sb = new StringBuilder("No fix of " + f.id() + " can run as it is.");
        if (!skipped.isEmpty()) {
            sb.append(" These need you first:\n");
            skipped.forEach(s -> sb.append("  $ ").append(s).append('\n'));
        } else {
            sb.append(" /explain ").append(f.id()).append(" shows what to check.\n");
        }
        return sb.toString();
    }

    private String timeline(List<String> args) {
        String ns = null;
        String around = null;
        Duration since = Duration.ofHours(2);
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--since") && i + 1 < args.size()) {
                since = duration(args.get(++i));
            } else if (args.get(i).equals("--around") && i + 1 < args.size()) {
                around = args.get(++i);
            } else if (args.get(i).startsWith("--")) {
                throw new IllegalArgumentException("Usage: /timeline [NS] [--since 2h] [--around KIND/NAME]");
            } else {
                ns = args.get(i);
            }
        }
        ObjectNode in = JSON.createObjectNode().put("since", agent.clock.instant().minus(since).toString());
        if (ns != null) {
            in.put("namespace", ns);
        }
        if (around != null) {
            in.put("around", around);
        }
        InvocationResult r = agent.runtime.invoke(TimelineAgent.SKILL, in, InvocationContext.create());
        if (!r.isSuccess()) {
            return "The timeline failed: " + r.message() + "\n";
        }
        Timeline t = TimelineJson.fromJson(r.output());
        return t.entries().isEmpty() ? "Nothing happened in the last " + since.toMinutes() + " minutes.\n"
                : TimelineText.text(t, false);
    }

    private static Duration duration(String text) {
        try {
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--since takes a duration like 30m, 2h or 1d, not '" + text + "'");
        }
    }

    private String usage() {
        Usage u = agent.usage();
        int ran = 0;
        int declined = 0;
        int refused = 0;
        for (ObjectNode r : agent.session.records()) {
            if ("tool".equals(r.path("type").asString()) || "command".equals(r.path("type").asString())) {
                switch (r.path("status").asString()) {
                    case "ran" -> ran++;
                    case "declined" -> declined++;
                    case "refused" -> refused++;
                    default -> {
                    }
                }
            }
        }
        return String.format("Session %s: %d input and %d output tokens%s, $%.4f; %d names not found in the cluster;"
                        + " commands: %d ran, %d declined, %d refused.%n", agent.sessionId(), u.inputTokens(),
                u.outputTokens(), u.estimated() ? " (estimated)" : "", u.costUsd(), agent.ungroundedTotal(), ran,
                declined, refused);
    }

    private String history() {
        StringBuilder sb = new StringBuilder();
        int n = 1;
        for (ObjectNode r : agent.session.records()) {
            if ("user".equals(r.path("type").asString())) {
                sb.append(String.format("%3d  %s  %s%n", n++, r.path("ts").asString(""), r.path("text").asString()));
            }
        }
        return sb.toString();
    }

    /** Runs a command through review, approval and audit, as the person's request. */
    private String command(String command, String reason) {
        ObjectNode in = JSON.createObjectNode().put("command", command).put("reason", reason);
        InvocationResult r = agent.runtime.invoke(ActionGate.SKILL, in, InvocationContext.create()
                .withCorrelationId(agent.sessionId()));
        if (!r.isSuccess()) {
            return "`" + command + "` failed: " + r.message() + "\n";
        }
        JsonNode o = r.output();
        agent.session.append(JSON.createObjectNode().put("type", "command").put("command", command)
                .put("status", o.path("status").asString()));
        StringBuilder sb = new StringBuilder("$ ").append(command).append('\n');
        String output = o.path("output").asString("");
        if (!output.isEmpty()) {
            sb.append(output).append(output.endsWith("\n") ? "" : "\n");
        }
        if (!o.path("status").asString().equals("ran") || !o.path("rollback").isMissingNode()) {
            sb.append(o.path("message").asString()).append('\n');
        }
        if (o.has("rollback")) {
            sb.append("rollback: ").append(o.path("rollback").asString()).append('\n');
        }
        return sb.toString();
    }

    /** {@code [namespace, name, kind]} of an object given as NAME or NS/NAME. */
    private String[] locate(String kind, String ref) {
        if (ref.contains("/")) {
            String[] p = ref.split("/", 2);
            return new String[] {p[0], p[1], kind};
        }
        List<String> namespaces = new ArrayList<>();
        for (JsonNode o : agent.cluster.snapshot().objects(kind)) {
            if (ref.equals(K8s.name(o))) {
                namespaces.add(K8s.namespace(o));
            }
        }
        if (namespaces.size() == 1) {
            return new String[] {namespaces.get(0), ref, kind};
        }
        if (namespaces.isEmpty()) {
            throw new IllegalArgumentException("No " + kind + " named " + ref + " in the cluster.");
        }
        throw new IllegalArgumentException(kind + " " + ref + " exists in " + String.join(", ", namespaces)
                + "; write NS/" + ref + ".");
    }

    private boolean isNamespace(String s) {
        return agent.cluster.snapshot().namespaces().contains(s);
    }

    private static String kindOf(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "deploy", "deployment", "deployments" -> "Deployment";
            case "svc", "service", "services" -> "Service";
            case "sts", "statefulset", "statefulsets" -> "StatefulSet";
            case "ds", "daemonset", "daemonsets" -> "DaemonSet";
            case "job", "jobs" -> "Job";
            case "cj", "cronjob", "cronjobs" -> "CronJob";
            case "node", "nodes", "no" -> "Node";
            case "pvc", "persistentvolumeclaim" -> "PersistentVolumeClaim";
            case "hpa" -> "HorizontalPodAutoscaler";
            case "ing", "ingress" -> "Ingress";
            case "rs", "replicaset" -> "ReplicaSet";
            default -> "Pod";
        };
    }
}
