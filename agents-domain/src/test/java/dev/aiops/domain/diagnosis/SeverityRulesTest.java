package dev.aiops.domain.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.ClusterSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The severity rules of ADR 0016, the table itself and, for each kind of latent problem, latent vs symptomatic. */
class SeverityRulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @EnumSource(value = Problem.class, names = "NOTICE", mode = EnumSource.Mode.EXCLUDE)
    void aProblemWithNoSymptomIsLowOrInfoAndASymptomRaisesIt(Problem problem) {
        assertThat(SeverityRules.severity(problem, Symptom.NONE).atLeast(Severity.MEDIUM)).isFalse();
        assertThat(SeverityRules.severity(problem, Symptom.RECOVERED).atLeast(Severity.MEDIUM)).isFalse();
        assertThat(SeverityRules.severity(problem, Symptom.DEGRADED).atLeast(Severity.MEDIUM)).isTrue();
        for (Symptom s : Symptom.values()) {
            assertThat(SeverityRules.severity(problem, s).atLeast(SeverityRules.severity(problem, Symptom.NONE)))
                    .as("%s %s", problem, s).isTrue();
        }
    }

    @Test
    void onlyAFailureThatLeavesNothingServingIsCritical() {
        for (Problem p : Problem.values()) {
            for (Symptom s : Symptom.values()) {
                assertThat(SeverityRules.severity(p, s) == Severity.CRITICAL)
                        .as("%s %s", p, s).isEqualTo(p == Problem.FAILURE && s == Symptom.DOWN);
            }
        }
        assertThat(SeverityRules.severity(Problem.NOTICE, Symptom.DOWN)).isEqualTo(Severity.INFO);
        assertThat(SeverityRules.severity(Problem.HYGIENE, Symptom.NONE)).isEqualTo(Severity.INFO);
    }

    @Test
    void replicasGiveTheSymptomOfAWorkload() {
        assertThat(SeverityRules.ofReplicas(3, 3)).isEqualTo(Symptom.NONE);
        assertThat(SeverityRules.ofReplicas(1, 3)).isEqualTo(Symptom.DEGRADED);
        assertThat(SeverityRules.ofReplicas(0, 3)).isEqualTo(Symptom.DOWN);
        assertThat(SeverityRules.ofReplicas(0, 0)).isEqualTo(Symptom.NONE);
        assertThat(SeverityRules.worst(Symptom.WARNING, Symptom.NONE)).isEqualTo(Symptom.WARNING);
    }

    @Test
    void noAnalyzerNamesASeverityItself() throws IOException {
        Pattern constant = Pattern.compile("Severity\\.(CRITICAL|HIGH|MEDIUM|LOW|INFO)\\b");
        Path dir = Path.of("src/main/java/dev/aiops/domain/diagnosis/analyzers");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> offenders = files.filter(f -> {
                try {
                    return constant.matcher(Files.readString(f)).find();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(f -> f.getFileName().toString()).toList();
            assertThat(offenders).isEmpty();
        }
    }

    // --- latent vs symptomatic, per kind, through the whole diagnosis ---

    private static final String NODE_CORDONED = """
            {"kind":"Node","metadata":{"name":"node-b"},"spec":{"unschedulable":true},
             "status":{"conditions":[{"type":"Ready","status":"True"}]}}""";

    private static String pod(String name, String app, boolean ready, String extraSpec) {
        return """
                {"kind":"Pod","metadata":{"name":"%s","namespace":"shop","labels":{"app":"%s"}},
                 "spec":{"nodeName":"node-a"%s,"containers":[{"name":"%s","image":"%s:1.0"}]},
                 "status":{"phase":"Running","conditions":[{"type":"Ready","status":"%s"}],
                  "containerStatuses":[{"name":"%s","ready":%s,"restartCount":0,"state":{"running":{}}}]}}"""
                .formatted(name, app, extraSpec, app, app, ready ? "True" : "False", app, ready);
    }

    private static List<Finding> diagnose(List<String> objects, String logPod, List<String> log) {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("test", "severity"));
        for (String o : objects) b.add((ObjectNode) JSON.readTree(o));
        if (logPod != null) b.addLogs("shop", logPod, "app", log);
        return Diagnoser.standard().diagnose(b.build(), Set.of(), Set.of()).findings();
    }

    private static Finding only(List<Finding> findings, Category category) {
        List<Finding> of = findings.stream().filter(f -> f.category() == category).toList();
        assertThat(of).as(findings.toString()).hasSize(1);
        return of.get(0);
    }

    private static List<String> statefulSet(int ready) {
        return List.of("""
                {"kind":"StatefulSet","metadata":{"name":"kafka","namespace":"shop"},
                 "spec":{"replicas":2,"serviceName":"kafka-headless","selector":{"matchLabels":{"app":"kafka"}},
                  "template":{"metadata":{"labels":{"app":"kafka"}},"spec":{"containers":[{"name":"kafka",
                  "image":"kafka:3.9"}]}}},
                 "status":{"replicas":2,"readyReplicas":%d}}""".formatted(ready), """
                {"kind":"Service","metadata":{"name":"kafka-headless","namespace":"shop"},
                 "spec":{"clusterIP":"10.0.0.9","selector":{"app":"kafka"},"ports":[{"port":9092}]}}""");
    }

    @Test
    void aGoverningServiceThatIsNotHeadlessIsLowUntilPerPodNamesFailWithReplicasShort() {
        Finding latent = only(diagnose(statefulSet(2), null, null), Category.StatefulSetMisconfigured);
        assertThat(latent.severity()).isEqualTo(Severity.LOW);

        Finding unusedWhileShort = only(diagnose(statefulSet(0), null, null), Category.StatefulSetMisconfigured);
        assertThat(unusedWhileShort.severity()).isEqualTo(Severity.LOW);

        List<String> objects = new java.util.ArrayList<>(statefulSet(0));
        objects.add(pod("kafka-0", "kafka", false, ""));
        Finding tied = only(diagnose(objects, "kafka-0", List.of(
                "WARN Error connecting to node kafka-1.kafka-headless.shop.svc.cluster.local:9093")),
                Category.StatefulSetMisconfigured);
        assertThat(tied.severity()).isEqualTo(Severity.HIGH);
        assertThat(tied.evidence()).anyMatch(e -> e.text().contains("kafka-1.kafka-headless in the log of pod kafka-0"));
    }

    private static List<String> budgeted(String node) {
        return List.of("""
                {"kind":"PodDisruptionBudget","metadata":{"name":"api-pdb","namespace":"shop"},
                 "spec":{"maxUnavailable":0,"selector":{"matchLabels":{"app":"api"}}},
                 "status":{"disruptionsAllowed":0,"currentHealthy":1,"expectedPods":1}}""",
                pod("api-1", "api", true, "").replace("node-a", node), NODE_CORDONED);
    }

    @Test
    void aBudgetThatAllowsNoEvictionIsLowUntilADrainIsBlocked() {
        assertThat(only(diagnose(budgeted("node-a"), null, null), Category.PDBBlocking).severity())
                .isEqualTo(Severity.LOW);

        Finding blocked = only(diagnose(budgeted("node-b"), null, null), Category.PDBBlocking);
        assertThat(blocked.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(blocked.evidence()).anyMatch(e -> e.text().contains("node node-b is cordoned"));
    }

    private static List<String> cutOff() {
        return List.of("""
                {"kind":"NetworkPolicy","metadata":{"name":"api-ingress","namespace":"shop"},
                 "spec":{"podSelector":{"matchLabels":{"app":"api"}},"policyTypes":["Ingress"]}}""", """
                {"kind":"Service","metadata":{"name":"api","namespace":"shop"},
                 "spec":{"clusterIP":"10.8.4.21","selector":{"app":"api"},"ports":[{"port":80}]}}""",
                pod("api-1", "api", true, ""), pod("web-1", "web", true, ""));
    }

    @Test
    void aPolicyDenyingAllIngressIsLowUntilAClientFailsToReachTheService() {
        assertThat(only(diagnose(cutOff(), null, null), Category.NetworkPolicyIssue).severity())
                .isEqualTo(Severity.LOW);

        Finding tied = only(diagnose(cutOff(), "web-1", List.of(
                "error: dial tcp 10.8.4.21:80: i/o timeout", "error: dial tcp 10.8.4.21:80: i/o timeout")),
                Category.NetworkPolicyIssue);
        assertThat(tied.severity()).isEqualTo(Severity.HIGH);
        assertThat(tied.evidence()).anyMatch(e -> e.text().startsWith("pod shop/web-1: ") && e.text().contains("10.8.4.21"));
    }

    private static List<String> withoutRequests(boolean evicted) {
        String deployment = """
                {"kind":"Deployment","metadata":{"name":"api","namespace":"shop"},
                 "spec":{"replicas":2,"selector":{"matchLabels":{"app":"api"}},
                  "template":{"metadata":{"labels":{"app":"api"}},"spec":{"containers":[{"name":"api",
                  "image":"api:1.0","livenessProbe":{"tcpSocket":{"port":80}},"readinessProbe":{"tcpSocket":{"port":80}}}]}}},
                 "status":{"replicas":2,"readyReplicas":%d}}""".formatted(evicted ? 1 : 2);
        String rs = """
                {"kind":"ReplicaSet","metadata":{"name":"api-5d9f","namespace":"shop","ownerReferences":[
                 {"apiVersion":"apps/v1","kind":"Deployment","name":"api","controller":true}]},"spec":{"replicas":2}}""";
        String owned = ",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"api-5d9f\","
                + "\"controller\":true}]";
        String running = pod("api-5d9f-a", "api", true, "").replace("\"labels\":{\"app\":\"api\"}",
                "\"labels\":{\"app\":\"api\"}" + owned);
        if (!evicted) return List.of(deployment, rs, running);
        String gone = """
                {"kind":"Pod","metadata":{"name":"api-5d9f-b","namespace":"shop","labels":{"app":"api"}%s},
                 "spec":{"nodeName":"node-a","containers":[{"name":"api","image":"api:1.0"}]},
                 "status":{"phase":"Failed","reason":"Evicted",
                  "message":"The node was low on resource: memory. Container api was using 1900Mi, which exceeds its request of 0."}}"""
                .formatted(owned);
        return List.of(deployment, rs, running, gone);
    }

    @Test
    void missingRequestsAndLimitsAreInfoUntilAPodIsEvictedForThem() {
        assertThat(only(diagnose(withoutRequests(false), null, null), Category.PolicyViolation).severity())
                .isEqualTo(Severity.INFO);

        Finding tied = only(diagnose(withoutRequests(true), null, null), Category.PolicyViolation);
        assertThat(tied.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(tied.evidence()).anyMatch(e -> e.text().startsWith("pod api-5d9f-b was evicted"));
    }

    private static String cronJob(String spec) {
        return """
                {"kind":"CronJob","metadata":{"name":"report","namespace":"shop"},
                 "spec":{%s,"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"r","image":"r:1"}]}}}}}}"""
                .formatted(spec);
    }

    @Test
    void aShortStartingDeadlineIsLatentWhileAScheduleThatNeverFiresIsAWarning() {
        assertThat(only(diagnose(List.of(cronJob("\"schedule\":\"0 3 * * *\",\"startingDeadlineSeconds\":5")), null,
                null), Category.CronJobMisconfigured).severity()).isEqualTo(Severity.LOW);
        assertThat(only(diagnose(List.of(cronJob("\"schedule\":\"0 25 * * *\"")), null, null),
                Category.CronJobMisconfigured).severity()).isEqualTo(Severity.MEDIUM);
    }

    private static List<String> pendingClaim(boolean podWaits) {
        String claim = """
                {"kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"shop"},
                 "spec":{"storageClassName":"fast","accessModes":["ReadWriteOnce"],
                  "resources":{"requests":{"storage":"10Gi"}}},"status":{"phase":"Pending"}}""";
        String sc = """
                {"kind":"StorageClass","metadata":{"name":"standard"},"provisioner":"pd.csi.storage.gke.io"}""";
        String pod = """
                {"kind":"Pod","metadata":{"name":"db-0","namespace":"shop"},
                 "spec":{"containers":[{"name":"db","image":"postgres:16"}],
                  "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"data"}}]},
                 "status":{"phase":"Pending"}}""";
        return podWaits ? List.of(claim, sc, pod) : List.of(claim, sc);
    }

    @Test
    void aPendingClaimIsHighOnlyWhenAPodWaitsForIt() {
        assertThat(only(diagnose(pendingClaim(false), null, null), Category.PVCPending).severity())
                .isEqualTo(Severity.MEDIUM);
        Finding waited = only(diagnose(pendingClaim(true), null, null), Category.PVCPending);
        assertThat(waited.severity()).isEqualTo(Severity.HIGH);
        assertThat(waited.evidence()).anyMatch(e -> e.text().equals("pod db-0 waits for the claim"));
    }
}
