package dev.aiops.domain.diagnosis.analyzers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.infra.k8s.SnapshotReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running, Ready pods with no restarts whose logs repeat an access or dependency error, in the formats real clients
 * write them (client-go klog, Go, Java, JSON, logfmt), read from a dump as {@code aiops diagnose --from-dump} does;
 * and healthy pods with the odd error line, which must stay quiet.
 */
class RepeatedLogErrorsTest {

    private static final Instant END = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    /** {@code healthy} access-log lines, then {@code errors} error lines, one every 5 s, the last at END. */
    private static List<String> log(int healthy, int errors, IntFunction<String> error) {
        List<String> lines = new ArrayList<>();
        Instant start = END.minusSeconds(5L * errors + healthy);
        for (int i = 0; i < healthy; i++) {
            lines.add(start.plusSeconds(i) + " INFO  [http-nio-8080-exec-1] c.e.Access - GET /api/v1/orders 200 12ms");
        }
        for (int i = errors - 1; i >= 0; i--) lines.add(error.apply(i));
        return lines;
    }

    private static String at(int secondsBeforeEnd) {
        return END.minusSeconds(5L * secondsBeforeEnd).toString();
    }

    private static String klog(int i) {
        String t = at(i);
        return "E1207 " + t.substring(11, 19) + ".104553       1 reflector.go:147] k8s.io/client-go@v0.29.3/tools/cache/"
                + "reflector.go:229: Failed to watch *v1.Pod: failed to list *v1.Pod: pods is forbidden: User "
                + "\"system:serviceaccount:shop:worker\" cannot list resource \"pods\" in API group \"\" at the cluster scope";
    }

    private List<Finding> diagnose(List<String> log, boolean ready, String... extra) throws IOException {
        Path ns = Files.createDirectories(dir.resolve("shop"));
        Files.writeString(ns.resolve("deployments.json"), """
                {"kind":"DeploymentList","items":[{"metadata":{"name":"worker","namespace":"shop"},
                 "spec":{"replicas":1,"selector":{"matchLabels":{"app":"worker"}}},"status":{"replicas":1,
                 "readyReplicas":%d,"availableReplicas":%d}}]}""".formatted(ready ? 1 : 0, ready ? 1 : 0));
        Files.writeString(ns.resolve("replicasets.json"), """
                {"kind":"ReplicaSetList","items":[{"metadata":{"name":"worker-5d8f7","namespace":"shop",
                 "ownerReferences":[{"kind":"Deployment","name":"worker","controller":true}]}}]}""");
        Files.writeString(ns.resolve("pods.json"), """
                {"kind":"PodList","items":[{"metadata":{"name":"worker-5d8f7-x2k9q","namespace":"shop",
                 "labels":{"app":"worker"},"ownerReferences":[{"kind":"ReplicaSet","name":"worker-5d8f7",
                 "controller":true}]},"spec":{"serviceAccountName":"worker","containers":[{"name":"worker",
                 "image":"example/worker:1.2"}]},"status":{"phase":"Running","conditions":[{"type":"Ready",
                 "status":"%s"}],"containerStatuses":[{"name":"worker","ready":%s,"restartCount":0,
                 "state":{"running":{"startedAt":"2026-12-07T08:00:00Z"}}}]}}]}""".formatted(ready ? "True" : "False",
                ready));
        // an event fixes the snapshot's time, which gives klog's times their year
        Files.writeString(ns.resolve("events.json"), """
                {"kind":"EventList","items":[{"metadata":{"name":"worker.1","namespace":"shop"},"involvedObject":
                 {"kind":"Pod","namespace":"shop","name":"worker-5d8f7-x2k9q"},"reason":"Started","type":"Normal",
                 "message":"Started container worker","lastTimestamp":"%s"}]}""".formatted(END));
        for (int i = 0; i < extra.length; i += 2) Files.writeString(ns.resolve(extra[i]), extra[i + 1]);
        Path pod = Files.createDirectories(ns.resolve("worker-5d8f7-x2k9q"));
        Files.writeString(pod.resolve("logs.txt"), "==== START logs for container worker of pod shop/worker-5d8f7-x2k9q"
                + " ====\n" + String.join("\n", log) + "\n==== END logs for container worker of pod "
                + "shop/worker-5d8f7-x2k9q ====\n");
        return Diagnoser.standard().diagnose(SnapshotReader.read(dir), Set.of(), Set.of()).findings();
    }

    private static Finding only(List<Finding> findings, Category category) {
        List<Finding> of = findings.stream().filter(f -> f.category() == category).toList();
        assertThat(of).hasSize(1);
        return of.get(0);
    }

    @Test
    void aControllerWhoseListsAreForbiddenIsReportedWithTheMissingGrantCountAndTimes() throws IOException {
        List<Finding> findings = diagnose(log(200, 12, RepeatedLogErrorsTest::klog), true, "rolebindings.json", """
                {"kind":"RoleBindingList","items":[{"metadata":{"name":"worker-read","namespace":"shop"},
                 "roleRef":{"kind":"Role","name":"configmap-reader"},
                 "subjects":[{"kind":"ServiceAccount","name":"worker","namespace":"shop"}]}]}""");

        Finding f = only(findings, Category.RBACDenied);
        assertThat(f.owner()).isEqualTo(new ObjectRef("Deployment", "shop", "worker"));
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.summary()).contains("cannot list pods at cluster scope", "12 times in its last 212 lines",
                "from 2026-12-07T09:59:05.104553Z to 2026-12-07T10:00:00.104553Z");
        assertThat(f.rootCause()).contains("service account shop/worker is not allowed to list pods at cluster scope",
                "Role configmap-reader (via RoleBinding worker-read)", "do not grant 'list' on 'pods'");
        assertThat(f.evidence()).anySatisfy(e -> assertThat(e.text()).startsWith("E1207 10:00:00.104553"));
    }

    @Test
    void aWorkerRefusedByItsDatabaseNamesTheServiceWithoutEndpoints() throws IOException {
        List<Finding> findings = diagnose(log(30, 20, i -> at(i) + " ERROR failed to connect to database: dial tcp"
                        + " 10.96.12.7:5432: connect: connection refused"), true,
                "services.json", """
                        {"kind":"ServiceList","items":[{"metadata":{"name":"orders-db","namespace":"shop"},
                         "spec":{"clusterIP":"10.96.12.7","selector":{"app":"orders-db"},"ports":[{"port":5432}]}}]}""",
                "endpoints.json", """
                        {"kind":"EndpointsList","items":[{"metadata":{"name":"orders-db","namespace":"shop"},"subsets":[]}]}""");

        Finding f = only(findings, Category.DependencyUnreachable);
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.summary()).contains("Deployment shop/worker cannot reach 10.96.12.7:5432", "20 times");
        assertThat(f.rootCause()).contains("is Service shop/orders-db", "has no ready endpoints");
        assertThat(f.related()).contains(new ObjectRef("Service", "shop", "orders-db"));
    }

    @Test
    void timeoutsAndUnknownHostsInGoFormatsAreDependencyErrors() throws IOException {
        assertThat(only(diagnose(log(10, 8, i -> "{\"level\":\"error\",\"ts\":\"" + at(i) + "\",\"msg\":\"ping failed\","
                + "\"error\":\"dial tcp 10.0.3.4:443: i/o timeout\"}"), true), Category.DependencyUnreachable).rootCause())
                .contains("connection to 10.0.3.4:443 times out");
        assertThat(only(diagnose(log(10, 8, i -> "time=" + at(i) + " level=error msg=\"cache unavailable\" error=\"dial"
                + " tcp: lookup redis-cache on 10.96.0.10:53: no such host\""), true), Category.DependencyUnreachable)
                .rootCause()).contains("host name redis-cache does not resolve");
    }

    @Test
    void certificateErrorsFromGoAndJavaClientsSayWhatIsWrongWithTheCertificate() throws IOException {
        Finding go = only(diagnose(log(10, 6, i -> at(i) + " ERROR sync failed: Get \"https://billing.payments:8443/v1/"
                + "charges\": tls: failed to verify certificate: x509: certificate signed by unknown authority"), true),
                Category.DependencyUnreachable);
        assertThat(go.summary()).contains("fails TLS with billing.payments:8443");
        assertThat(go.rootCause()).contains("signed by an authority the client does not trust");

        Finding expired = only(diagnose(log(10, 6, i -> at(i) + " ERROR Get \"https://ledger:8443/\": x509: certificate"
                + " has expired or is not yet valid: current time 2026-12-07T10:00:00Z is after 2026-12-01T00:00:00Z"),
                true), Category.DependencyUnreachable);
        assertThat(expired.rootCause()).contains("ledger:8443", "the certificate has expired");

        Finding java = only(diagnose(log(10, 6, i -> at(i) + " ERROR [pool-1-thread-3] c.e.Client - call failed:"
                + " javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath."
                + "SunCertPathBuilderException: unable to find valid certification path to requested target"), true),
                Category.DependencyUnreachable);
        assertThat(java.rootCause()).contains("TLS connection fails", "authority the client does not trust");
    }

    @Test
    void aClientRejectedByAnotherServiceNamesTheServiceAndTheStatus() throws IOException {
        Finding f = only(diagnose(log(40, 10, i -> "{\"level\":\"error\",\"ts\":\"" + at(i) + "\",\"msg\":\"upstream"
                + " rejected the call\",\"url\":\"http://billing.payments:8080/v1/charge\",\"status\":401,"
                + "\"error\":\"401 Unauthorized\"}"), true), Category.DependencyUnreachable);

        assertThat(f.summary()).contains("is rejected by billing.payments:8080");
        assertThat(f.rootCause()).contains("billing.payments:8080 rejects its credentials (401 Unauthorized)");
        assertThat(f.remediation()).anySatisfy(r -> assertThat(r.description()).contains("credentials"));
    }

    @Test
    void aQueueConsumerLoggingTheSameBrokerFailureInALoopIsReported() throws IOException {
        Finding f = only(diagnose(log(5, 30, i -> at(i) + " WARN  [kafka-consumer-network-thread | orders-1] o.a.k.c."
                + "NetworkClient - [Consumer clientId=orders-1, groupId=orders] Connection to node -1 (kafka-0.kafka."
                + "events.svc.cluster.local/10.244.1.23:9092) could not be established. Broker may not be available."),
                true), Category.DependencyUnreachable);

        assertThat(f.summary()).contains("cannot reach kafka-0.kafka.events.svc.cluster.local:9092", "30 times");
    }

    @Test
    void aPodThatIsNotReadyWhileItRepeatsTheErrorIsHigh() throws IOException {
        assertThat(only(diagnose(log(10, 8, i -> at(i) + " ERROR dial tcp 10.0.3.4:5432: connect: connection refused"),
                false), Category.DependencyUnreachable).severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void theSampleLineIsRedacted() throws IOException {
        Finding f = only(diagnose(log(10, 8, i -> at(i) + " ERROR cannot connect to postgres://app:hunter2secret@"
                + "orders-db:5432/orders: dial tcp 10.0.3.4:5432: connect: connection refused"), true),
                Category.DependencyUnreachable);

        assertThat(f.evidence()).anySatisfy(e -> assertThat(e.text()).contains("postgres://app:[REDACTED]@orders-db"));
        assertThat(f.toString()).doesNotContain("hunter2secret");
    }

    @Test
    void oneErrorLineAmongThousandsOfHealthyLinesStaysQuiet() throws IOException {
        List<String> lines = log(3_000, 0, i -> "");
        lines.add(2_950, at(10) + " ERROR dial tcp 10.0.3.4:5432: connect: connection refused");
        assertThat(diagnose(lines, true)).isEmpty();
    }

    @Test
    void aFewErrorsAreNotYetARepeatedError() throws IOException {
        assertThat(diagnose(log(100, 4, i -> at(i) + " ERROR dial tcp 10.0.3.4:5432: connect:"
                + " connection refused"), true)).isEmpty();
    }

    @Test
    void aBurstThatEndedLongBeforeTheLogDidStaysQuiet() throws IOException {
        // ten refusals at 09:00, then an hour of healthy lines: the dependency recovered
        List<String> lines = new ArrayList<>();
        Instant burst = END.minusSeconds(3_600);
        for (int i = 0; i < 10; i++) {
            lines.add(burst.plusSeconds(i) + " ERROR dial tcp 10.0.3.4:5432: connect: connection refused");
        }
        for (int i = 1; i <= 60; i++) lines.add(burst.plusSeconds(60L * i) + " INFO  GET /api/v1/orders 200 9ms");
        assertThat(diagnose(lines, true)).isEmpty();
    }

    @Test
    void withoutTimesRecencyIsCountedInLines() throws IOException {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < 10; i++) errors.add("ERROR dial tcp 10.0.3.4:5432: connect: connection refused");
        List<String> old = new ArrayList<>(errors);
        for (int i = 0; i < 200; i++) old.add("GET /api/v1/orders 200");
        assertThat(diagnose(old, true)).isEmpty();

        List<String> recent = new ArrayList<>();
        for (int i = 0; i < 200; i++) recent.add("GET /api/v1/orders 200");
        recent.addAll(errors);
        assertThat(only(diagnose(recent, true), Category.DependencyUnreachable).summary())
                .contains("10 times in its last 210 lines").doesNotContain(" from ");
    }
}
