package dev.aiops.infra.exec;

import dev.aiops.infra.command.CommandClass;
import dev.aiops.infra.command.KubectlCommand;
import dev.aiops.infra.k8s.ApiResource;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.LogRedactor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs reviewed {@code kubectl} commands without a shell. Read-only verbs are answered from the session's cluster
 * state; the mutating and destructive verbs it knows change objects through the Kubernetes API (fabric8) after a
 * {@link #plan} that shows, through a server-side dry run, exactly what will change; any other verb runs through a
 * {@code kubectl} binary found on PATH, as an argument vector, against live clusters only. Approval is the caller's
 * business: this class runs what it is given.
 */
public final class CommandExecutor {

    private static final long KUBECTL_TIMEOUT_SECONDS = 120;

    private final Supplier<ClusterSnapshot> snapshot;
    private final KubernetesClient client;
    private final String kubectlContext;
    private final Path kubectl;
    private final Clock clock;

    private CommandExecutor(Supplier<ClusterSnapshot> snapshot, KubernetesClient client, String kubectlContext,
                            Path kubectl, Clock clock) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.client = client;
        this.kubectlContext = kubectlContext;
        this.kubectl = kubectl;
        this.clock = clock;
    }

    /** A snapshot on disk: read-only commands only. */
    public static CommandExecutor forSnapshot(Supplier<ClusterSnapshot> snapshot, Clock clock) {
        return new CommandExecutor(snapshot, null, null, null, clock);
    }

    /**
     * A cluster behind {@code client}. {@code kubectlContext} is the kubeconfig context that a {@code kubectl} on
     * PATH may be run against for verbs this class does not implement; null (the demo cluster) never runs kubectl.
     */
    public static CommandExecutor forCluster(Supplier<ClusterSnapshot> snapshot, KubernetesClient client,
                                             String kubectlContext, Clock clock) {
        return new CommandExecutor(snapshot, Objects.requireNonNull(client, "client"), kubectlContext,
                kubectlContext == null ? null : findOnPath("kubectl"), clock);
    }

    /** Decides how {@code command} would run and what it would change; changes nothing. */
    public Plan plan(KubectlCommand command) {
        if (command.verb() == null || command.verb().isEmpty()) {
            return Plan.refused(command, command.reason());
        }
        if (command.commandClass() == CommandClass.UNKNOWN && !"kubectl".equals(first(command))) {
            return Plan.refused(command, "it is not a kubectl command (" + command.reason() + ")");
        }
        if (command.commandClass() == CommandClass.UNKNOWN && needsShell(command)) {
            return Plan.refused(command, "it needs a shell (" + command.reason() + "); aiops never runs a shell:"
                    + " run it yourself after reading it, or ask for the single kubectl command");
        }
        if (ReadCommands.handles(command) && command.commandClass().readOnly()) {
            return new Plan(command, Plan.Route.READ, List.of(), null, null);
        }
        if (ApiChanges.handles(command)) {
            if (client == null) {
                return Plan.refused(command, "the cluster state is a snapshot on disk ("
                        + snapshot.get().source().name() + "), which cannot be changed; run it against the live"
                        + " cluster");
            }
            try {
                List<Change> local = new ApiChanges(client, clock).changes(command);
                List<Change> server = new ArrayList<>();
                boolean byServer = true;
                for (Change c : local) {
                    Change s = serverDryRun(c);
                    byServer &= s != null;
                    server.add(s != null ? s : c);
                }
                // with --dry-run the command is read-only: it shows the change and makes none
                return new Plan(command, dryRunFlag(command) ? Plan.Route.READ : Plan.Route.API, server, null,
                        byServer ? "server" : "client");
            } catch (IllegalArgumentException e) {
                return Plan.refused(command, e.getMessage());
            } catch (KubernetesClientException e) {
                return Plan.refused(command, "the API server refused it: " + apiMessage(e));
            }
        }
        if (kubectl != null) {
            return new Plan(command, Plan.Route.KUBECTL, List.of(), null, null);
        }
        return Plan.refused(command, "'kubectl " + command.verb() + (command.subverb() == null ? "" : " "
                + command.subverb()) + "' is not implemented here, and " + (client == null
                ? "a snapshot on disk cannot run it"
                : kubectlContext == null ? "the demo cluster has no kubectl"
                : "no kubectl was found on PATH to run it"));
    }

    /** Runs a runnable plan; {@link Outcome#succeeded()} is false with the reason when the cluster refused. */
    public Outcome run(Plan plan) {
        if (!plan.runnable()) {
            throw new IllegalArgumentException("the plan cannot run: " + plan.refusal());
        }
        return switch (plan.route()) {
            case READ -> read(plan);
            case API -> apply(plan);
            case KUBECTL -> kubectl(plan);
            case NONE -> throw new IllegalStateException();
        };
    }

    private Outcome read(Plan plan) {
        if (!plan.changes().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            plan.changes().forEach(c -> sb.append(c.diff()));
            return new Outcome(true, sb.append("(dry run: nothing was changed)\n").toString(), List.of());
        }
        try {
            return new Outcome(true, new ReadCommands(snapshot.get(), clock.instant()).run(plan.command()), List.of());
        } catch (IllegalArgumentException e) {
            return new Outcome(false, "Error from server: " + e.getMessage(), List.of());
        }
    }

    private Outcome apply(Plan plan) {
        ApiChanges api = new ApiChanges(client, clock);
        List<Change> done = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        for (Change c : plan.changes()) {
            ApiResource r = ApiResource.forKind(c.kind());
            try {
                if (c.deletes()) {
                    op(r, c.namespace(), c.name()).delete();
                    out.append(r.qualifiedPlural()).append('/').append(c.name()).append(" deleted\n");
                } else if (c.creates()) {
                    op(r, c.namespace(), c.name(), api.generic(clean(c.after(), null))).create();
                    out.append(r.qualifiedPlural()).append('/').append(c.name()).append(" created\n");
                } else {
                    op(r, c.namespace(), c.name(), api.generic(clean(c.after(), c.before()))).update();
                    out.append(r.qualifiedPlural()).append('/').append(c.name()).append(" changed\n");
                }
                done.add(c);
            } catch (KubernetesClientException e) {
                out.append(r.qualifiedPlural()).append('/').append(c.name()).append(": ").append(apiMessage(e))
                        .append('\n');
                return new Outcome(false, out.toString(), done);
            }
        }
        return new Outcome(true, out.toString(), done);
    }

    /** The server's view of a change, or null when the server does not do dry runs. */
    private Change serverDryRun(Change c) {
        ApiResource r = ApiResource.forKind(c.kind());
        ApiChanges api = new ApiChanges(client, clock);
        try {
            if (c.deletes()) {
                op(r, c.namespace(), c.name()).dryRun().delete();
                return c;
            }
            GenericKubernetesResource g = api.generic(clean(c.after(), c.before()));
            GenericKubernetesResource answer = c.creates() ? op(r, c.namespace(), c.name(), g).dryRun().create()
                    : op(r, c.namespace(), c.name(), g).dryRun().update();
            return answer == null ? null : new Change(c.kind(), c.namespace(), c.name(), c.before(), api.node(answer));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 400 && String.valueOf(e.getMessage()).toLowerCase().contains("dryrun")) {
                return null;
            }
            throw e;
        }
    }

    /** The object as it is written: the live resourceVersion (optimistic lock), no status or managed fields. */
    private static ObjectNode clean(ObjectNode after, ObjectNode before) {
        ObjectNode o = after.deepCopy();
        o.remove("status");
        if (o.get("metadata") instanceof ObjectNode m) {
            m.remove("managedFields");
            String rv = before == null ? null : before.path("metadata").path("resourceVersion").asString(null);
            if (rv != null) {
                m.put("resourceVersion", rv);
            } else {
                m.remove("resourceVersion");
            }
        }
        return o;
    }

    private Resource<GenericKubernetesResource> op(ApiResource r, String ns, String name) {
        var op = client.genericKubernetesResources(ApiChanges.context(r));
        return ns == null ? op.withName(name) : op.inNamespace(ns).withName(name);
    }

    private Resource<GenericKubernetesResource> op(ApiResource r, String ns, String name,
                                                   GenericKubernetesResource item) {
        var op = client.genericKubernetesResources(ApiChanges.context(r));
        return ns == null ? op.resource(item) : op.inNamespace(ns).resource(item);
    }

    private Outcome kubectl(Plan plan) {
        List<String> argv = new ArrayList<>();
        argv.add(kubectl.toString());
        argv.add("--context");
        argv.add(kubectlContext);
        List<String> given = plan.command().argv();
        argv.addAll(given.subList(1, given.size()));
        try {
            Path output = Files.createTempFile("aiops-kubectl", ".out");
            try {
                Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(KUBECTL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Outcome(false, "kubectl did not finish within " + KUBECTL_TIMEOUT_SECONDS + " s",
                            List.of());
                }
                List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
                String text = String.join("\n", LogRedactor.standard().redactAll(lines, new int[1]));
                return new Outcome(p.exitValue() == 0, text + (text.isEmpty() ? "" : "\n"), List.of());
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return new Outcome(false, "cannot run kubectl: " + e.getMessage(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted while kubectl ran", List.of());
        }
    }

    private static String first(KubectlCommand c) {
        return c.argv().isEmpty() ? "" : c.argv().get(0);
    }

    private static boolean needsShell(KubectlCommand c) {
        for (String t : c.argv()) {
            if (t.equals("|") || t.equals(";") || t.equals("&&") || t.equals("||") || t.startsWith(">")
                    || t.startsWith("<") || t.contains("$(") || t.contains("`") || t.equals("&")) {
                return true;
            }
        }
        String reason = String.valueOf(c.reason()).toLowerCase();
        return reason.contains("pipe") || reason.contains("shell") || reason.contains("redirect")
                || reason.contains("subshell") || reason.contains("operator");
    }

    private static boolean dryRunFlag(KubectlCommand c) {
        return c.commandClass().readOnly() && c.flags().keySet().stream().anyMatch(f -> f.startsWith("--dry-run"));
    }

    private static String apiMessage(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
