package dev.aiops.domain.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.aiops.infra.k8s.LiveClusterReader;
import dev.aiops.infra.k8s.LiveReadOptions;
import dev.aiops.infra.k8s.demo.DemoCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/** The demo cluster, started afresh for each test, and what the controller tests check against it. */
abstract class DemoClusterTestBase {

    static final String REVISION = "deployment.kubernetes.io/revision";

    DemoCluster demo;
    KubernetesClient client;

    @BeforeEach
    void start() {
        demo = DemoCluster.start();
        client = demo.client();
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    /** "Category namespace/name" of every finding, by its subject (the owner of pod-level findings). */
    List<String> findings() {
        DiagnosisReport report = Diagnoser.standard()
                .diagnose(LiveClusterReader.read(client, LiveReadOptions.defaults()), Set.of(), Set.of());
        List<String> out = new ArrayList<>();
        for (Finding f : report.findings()) {
            out.add(f.category() + " " + f.subject().namespace() + "/" + f.subject().name());
        }
        return out;
    }

    static final List<String> OTHER_FAULTS = List.of("OOMKilled search/indexer",
            "CrashLoopBackOff payments/payments-api", "ContainerConfigError billing/invoice-worker",
            "Unschedulable analytics/spark-driver", "JobFailed batch/nightly-report");

    List<ReplicaSet> replicaSets(String ns, String deployment) {
        String uid = client.apps().deployments().inNamespace(ns).withName(deployment).get().getMetadata().getUid();
        return client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .filter(rs -> rs.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
                .sorted(Comparator.comparingInt(DemoControllerTest::revision)).toList();
    }

    static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static int revision(HasMetadata o) {
        return Integer.parseInt(o.getMetadata().getAnnotations().get(REVISION));
    }

    List<Pod> podsOf(HasMetadata owner) {
        String ns = owner.getMetadata().getNamespace();
        return client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> owner.getMetadata().getUid().equals(o.getUid())))
                .toList();
    }

    static void assertRunningAndReady(List<Pod> pods) {
        assertThat(pods).allSatisfy(p -> {
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            assertThat(p.getSpec().getNodeName()).startsWith("aks-nodepool1-");
            boolean hostNetwork = Boolean.TRUE.equals(p.getSpec().getHostNetwork());
            assertThat(p.getStatus().getPodIP()).startsWith(hostNetwork ? "10.224." : "10.244.");
            assertThat(p.getStatus().getConditions()).extracting(PodCondition::getType, PodCondition::getStatus)
                    .contains(tuple("Ready", "True"),
                            tuple("ContainersReady", "True"),
                            tuple("PodScheduled", "True"));
            assertThat(p.getStatus().getContainerStatuses()).isNotEmpty().allSatisfy(cs -> {
                assertThat(cs.getReady()).isTrue();
                assertThat(cs.getRestartCount()).isZero();
                assertThat(cs.getState().getRunning().getStartedAt()).isNotBlank();
            });
        });
    }

    static void assertRolledOut(Deployment d, int replicas) {
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
        assertThat(d.getStatus().getReplicas()).isEqualTo(replicas);
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
        assertThat(d.getStatus().getReadyReplicas()).isEqualTo(replicas);
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(replicas);
        assertThat(d.getStatus().getUnavailableReplicas()).isZero();
        assertThat(d.getStatus().getConditions())
                .extracting(DeploymentCondition::getType, DeploymentCondition::getStatus,
                        DeploymentCondition::getReason)
                .containsExactlyInAnyOrder(
                        tuple("Available", "True", "MinimumReplicasAvailable"),
                        tuple("Progressing", "True", "NewReplicaSetAvailable"));
    }

    /** The number of findings on a fresh demo cluster (the demo reports 29). */

    static int findingsBefore() {
        try (DemoCluster fresh = DemoCluster.start()) {
            return Diagnoser.standard().diagnose(LiveClusterReader.read(fresh.client(), LiveReadOptions.defaults()),
                    Set.of(), Set.of()).findings().size();
        }
    }

    /** Every object of the kinds a rollout touches, as the API serves it, by kind/namespace/name. */
    Map<String, String> store() {
        Map<String, String> out = new TreeMap<>();
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(client.apps().deployments().inAnyNamespace().list().getItems());
        all.addAll(client.apps().replicaSets().inAnyNamespace().list().getItems());
        all.addAll(client.pods().inAnyNamespace().list().getItems());
        all.addAll(client.v1().events().inAnyNamespace().list().getItems());
        all.addAll(client.endpoints().inAnyNamespace().list().getItems());
        all.addAll(client.configMaps().inAnyNamespace().list().getItems());
        for (HasMetadata o : all) {
            out.put(o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(),
                    client.getKubernetesSerialization().asJson(o));
        }
        return out;
    }
}
