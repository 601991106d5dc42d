package dev.aiops.cli;

import dev.aiops.composite.scaling.Approvals;
import dev.aiops.composite.scaling.Decision;
import dev.aiops.composite.scaling.OperatorSettings;
import dev.aiops.composite.scaling.ScalingOperator;
import dev.aiops.core.audit.AuditLog;
import dev.aiops.infra.k8s.SnapshotException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code aiops scale operator} and {@code aiops scale approve}: the operator in a cluster, and people's approvals. */
final class ScaleOperatorCommand {

    private ScaleOperatorCommand() {
    }

    /** Where the operator's Lease and approvals live: the option, the pod's namespace, or aiops-system. */
    static String namespace(String option, Map<String, String> env) {
        return option != null ? option : env.getOrDefault("POD_NAMESPACE", "aiops-system");
    }

    @Command(name = "operator", mixinStandardHelpOptions = true,
            description = "Runs the scaling operator: ScalingPolicy objects are reconciled by the instance holding"
                    + " the Lease; /metrics, /healthz and /readyz on --port.",
            exitCodeListHeading = ScaleCommand.EXIT_CODES_HEADING,
            exitCodeList = {"0:stopped (or --once done)", "1:--once: some decision failed",
                    "2:usage error, or no cluster configured"})
    static final class Operator implements Callable<Integer> {

        @Option(names = "--context", paramLabel = "CTX", description = "kubeconfig context; default: in-cluster.")
        String context;

        @Option(names = "--lease-namespace", paramLabel = "NS",
                description = "The operator's namespace (Lease, approvals). Default: $POD_NAMESPACE or aiops-system.")
        String namespace;

        @Option(names = "--identity", paramLabel = "NAME", description = "Name in the Lease. Default: $POD_NAME.")
        String identity;

        @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
                description = "HTTP port for /metrics, /healthz, /readyz; -1 for none. Default: ${DEFAULT-VALUE}.")
        int port;

        @Option(names = "--prometheus", paramLabel = "URL",
                description = "Usage history. Default: $AIOPS_PROMETHEUS_URL; without one, metrics-server.")
        URI prometheus;

        @Option(names = "--audit-log", paramLabel = "FILE", description = "Default: the state directory's audit.jsonl.")
        Path auditLog;

        @Option(names = "--once", description = "Reconcile every policy once, print the decisions and exit.")
        boolean once;

        @Spec
        CommandSpec spec;

        private final SnapshotSources sources;

        Operator(SnapshotSources sources) {
            this.sources = sources;
        }

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Map<String, String> env = sources.env();
            SnapshotSources.Live live;
            try {
                live = sources.liveClient(context);
            } catch (SnapshotException e) {
                err.println("aiops scale operator: " + e.getMessage());
                return 2;
            }
            String id = identity != null ? identity : env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME",
                    "aiops-operator"));
            OperatorSettings settings = OperatorSettings.defaults(namespace(namespace, env), id).withPort(port);
            URI url = prometheus != null ? prometheus
                    : env.containsKey("AIOPS_PROMETHEUS_URL") ? URI.create(env.get("AIOPS_PROMETHEUS_URL")) : null;
            if (url != null) settings = settings.withPrometheus(dev.aiops.infra.metrics.PrometheusSettings.of(url));
            try (AuditLog audit = AuditLog.appendingTo(auditLog != null ? auditLog : AuditLog.defaultFile(env));
                 ScalingOperator operator = new ScalingOperator(live.client(), settings, audit, Clock.systemUTC())) {
                if (once) {
                    List<Decision> decisions = operator.reconcileAll();
                    for (Decision d : decisions) {
                        out.println(TerminalSafe.text(d.outcome().wire() + "  " + d.workload() + " " + d.container()
                                + "  " + d.reason() + (d.outcome() == Decision.Outcome.PENDING_APPROVAL
                                ? "  (aiops scale approve " + d.id() + ")" : "")));
                    }
                    out.flush();
                    return decisions.stream().anyMatch(d -> d.outcome() == Decision.Outcome.FAILED) ? 1 : 0;
                }
                operator.start();
                out.println("aiops scale operator: " + id + " running; lease " + settings.namespace() + "/"
                        + settings.leaseName() + (operator.port() > 0 ? ", http :" + operator.port() : ""));
                out.flush();
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
                return 0;
            } catch (KubernetesClientException e) {
                err.println("aiops scale operator: " + e.getMessage());
                return 2;
            } finally {
                live.client().close();
            }
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approves a change the operator is waiting on (the id from the policy's status, the audit"
                    + " log or --once); the leader applies it at its next reconcile.",
            exitCodeListHeading = ScaleCommand.EXIT_CODES_HEADING,
            exitCodeList = {"0:approved", "2:unknown id, usage error, or no cluster configured"})
    static final class Approve implements Callable<Integer> {

        @Parameters(paramLabel = "ID", description = "The decision id.")
        String id;

        @Option(names = "--context", paramLabel = "CTX", description = "kubeconfig context.")
        String context;

        @Option(names = "--lease-namespace", paramLabel = "NS",
                description = "The operator's namespace. Default: $POD_NAMESPACE or aiops-system.")
        String namespace;

        @Option(names = "--as", paramLabel = "NAME", description = "Who approves. Default: $USER.")
        String who;

        @Spec
        CommandSpec spec;

        private final SnapshotSources sources;

        Approve(SnapshotSources sources) {
            this.sources = sources;
        }

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try (var client = sources.liveClient(context).client()) {
                String by = who != null ? who : sources.env().getOrDefault("USER", "unknown");
                JsonNode change = new Approvals(client, namespace(namespace, sources.env())).approve(id, by);
                spec.commandLine().getOut().println(TerminalSafe.text("approved " + id + " by " + by + ": "
                        + change.path("workload").asString() + " " + change.path("container").asString() + " "
                        + change.path("change") + " (" + change.path("reason").asString() + ")"));
                return 0;
            } catch (IllegalArgumentException | SnapshotException | KubernetesClientException e) {
                err.println("aiops scale approve: " + e.getMessage());
                return 2;
            }
        }
    }
}
