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


/**
 * The demo cluster's controllers: fixes made through fabric8 roll out, and a new diagnosis no longer reports the
 * fault while the other faults stay.
 */
class DemoControllerTest extends DemoClusterTestBase {

    @Test
    void rollingBackWebFrontendClearsItsImagePullErrorAndStuckRollout() {
        assertThat(findings()).contains("ImagePullError web/frontend", "RolloutStuck web/frontend")
                .containsAll(OTHER_FAULTS);

        Deployment undone = client.apps().deployments().inNamespace("web").withName("frontend").rolling().undo();
        assertThat(undone.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/web/frontend:v2.3.0");

        Deployment d = client.apps().deployments().inNamespace("web").withName("frontend").get();
        assertRolledOut(d, 2);
        assertThat(d.getMetadata().getAnnotations()).containsEntry(REVISION, "6");
        List<ReplicaSet> rss = replicaSets("web", "frontend");
        assertThat(rss).extracting(rs -> rs.getMetadata().getName()).containsExactly("frontend-84d5c6f7b9",
                "frontend-6b8f9c7d5c");
        ReplicaSet current = rss.get(1);
        assertThat(revision(current)).isEqualTo(6);
        assertThat(current.getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/revision-history", "4");
        assertThat(current.getSpec().getReplicas()).isEqualTo(2);
        assertThat(current.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(rss.get(0).getSpec().getReplicas()).isZero();
        assertThat(podsOf(rss.get(0))).isEmpty();
        List<Pod> pods = podsOf(current);
        assertThat(pods).hasSize(2);
        assertRunningAndReady(pods);
        Endpoints ep = client.endpoints().inNamespace("web").withName("frontend").get();
        assertThat(ep.getSubsets().get(0).getAddresses()).extracting(a -> a.getTargetRef().getName())
                .containsExactlyInAnyOrderElementsOf(pods.stream().map(p -> p.getMetadata().getName()).toList());

        // the events of the deleted pod stay, as in a real cluster, and do not keep the fault alive
        assertThat(client.v1().events().inNamespace("web").list().getItems())
                .anySatisfy(e -> assertThat(e.getInvolvedObject().getName()).isEqualTo("frontend-84d5c6f7b9-bw6xn"));
        List<String> after = findings();
        assertThat(after).doesNotContain("ImagePullError web/frontend", "RolloutStuck web/frontend")
                .noneMatch(f -> f.endsWith(" web/frontend"))
                .containsAll(OTHER_FAULTS)
                .contains("ProbeFailure shop/cart", "ServiceNoEndpoints shop/cart");
        assertThat(after).hasSize(findingsBefore() - 2);
    }

    @Test
    void rollingBackShopCartRestoresTheReadinessProbeOnTheRightPort() {
        assertThat(findings())
                .contains("ProbeFailure shop/cart", "RolloutStuck shop/cart", "ServiceNoEndpoints shop/cart");

        client.apps().deployments().inNamespace("shop").withName("cart").rolling().undo();

        Deployment d = client.apps().deployments().inNamespace("shop").withName("cart").get();
        assertRolledOut(d, 2);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().getPort()
                .getIntVal()).isEqualTo(8080);
        List<ReplicaSet> rss = replicaSets("shop", "cart");
        assertThat(rss).extracting(rs -> rs.getMetadata().getName(), DemoControllerTest::revision,
                rs -> rs.getSpec().getReplicas())
                .containsExactly(tuple("cart-5d8f6c9b7", 4, 0),
                        tuple("cart-6f9c8d7b4", 5, 2));
        List<Pod> pods = podsOf(rss.get(1));
        assertThat(pods).hasSize(2);
        assertRunningAndReady(pods);
        assertThat(pods).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getReadinessProbe().getHttpGet()
                .getPort().getIntVal()).isEqualTo(8080));
        assertThat(podsOf(rss.get(0))).isEmpty();
        Endpoints ep = client.endpoints().inNamespace("shop").withName("cart").get();
        assertThat(ep.getSubsets().get(0).getAddresses()).hasSize(2);
        assertThat(ep.getSubsets().get(0).getNotReadyAddresses()).isEmpty();
        assertThat(ep.getSubsets().get(0).getPorts().get(0).getPort()).isEqualTo(8080);

        List<String> after = findings();
        assertThat(after).noneMatch(f -> f.endsWith(" shop/cart")).containsAll(OTHER_FAULTS)
                .contains("ImagePullError web/frontend");
    }

    @Test
    void settingAnImageRollsOutANewReplicaSetWithTheNextRevision() {
        client.apps().deployments().inNamespace("web").withName("frontend").edit(d -> {
            container(d).setImage("registry.example.com/web/frontend:v2.3.1");
            return d;
        });

        Deployment d = client.apps().deployments().inNamespace("web").withName("frontend").get();
        assertThat(d.getMetadata().getGeneration()).isEqualTo(6);
        assertRolledOut(d, 2);
        assertThat(d.getMetadata().getAnnotations()).containsEntry(REVISION, "6");
        List<ReplicaSet> rss = replicaSets("web", "frontend");
        assertThat(rss).hasSize(3);
        ReplicaSet current = rss.get(2);
        assertThat(revision(current)).isEqualTo(6);
        String hash = current.getMetadata().getLabels().get("pod-template-hash");
        assertThat(current.getMetadata().getName()).isEqualTo("frontend-" + hash);
        assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{6,10}");
        assertThat(current.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash)
                .containsEntry("app", "frontend");
        assertThat(current.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(d.getMetadata().getUid()));
        assertThat(current.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/web/frontend:v2.3.1");
        assertThat(rss.subList(0, 2)).allSatisfy(rs -> {
            assertThat(rs.getSpec().getReplicas()).isZero();
            assertThat(podsOf(rs)).isEmpty();
        });
        List<Pod> pods = podsOf(current);
        assertThat(pods).hasSize(2).allSatisfy(p -> {
            assertThat(p.getMetadata().getName()).matches("frontend-" + hash + "-[bcdfghjklmnpqrstvwxz2456789]{5}");
            assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", hash)
                    .containsEntry("app", "frontend");
            assertThat(p.getStatus().getContainerStatuses().get(0).getImage())
                    .isEqualTo("registry.example.com/web/frontend:v2.3.1");
        });
        assertRunningAndReady(pods);
        assertThat(client.v1().events().inNamespace("web").list().getItems())
                .anySatisfy(e -> assertThat(e.getMessage()).isEqualTo("Scaled up replica set " + current.getMetadata()
                        .getName() + " to 2"));
        assertThat(findings()).noneMatch(f -> f.endsWith(" web/frontend")).containsAll(OTHER_FAULTS);

        // the same template again is the same ReplicaSet: the same name, whatever the path
        client.apps().deployments().inNamespace("web").withName("frontend").rolling().undo();
        client.apps().deployments().inNamespace("web").withName("frontend").edit(x -> {
            container(x).setImage("registry.example.com/web/frontend:v2.3.1");
            return x;
        });
        assertThat(replicaSets("web", "frontend")).hasSize(3).last().satisfies(rs -> {
            assertThat(rs.getMetadata().getName()).isEqualTo(current.getMetadata().getName());
            assertThat(revision(rs)).isEqualTo(8);
        });
    }

    @Test
    void scalingAddsAndRemovesPods() {
        Deployment checkout = client.apps().deployments().inNamespace("shop").withName("checkout").get();
        ReplicaSet rs = replicaSets("shop", "checkout").get(0);
        List<String> seeded = podsOf(rs).stream().map(p -> p.getMetadata().getName()).toList();
        assertThat(seeded).hasSize(2);

        Deployment scaled = client.apps().deployments().inNamespace("shop").withName("checkout").scale(4);
        assertThat(scaled.getSpec().getReplicas()).isEqualTo(4);
        assertThat(scaled.getMetadata().getGeneration()).isEqualTo(checkout.getMetadata().getGeneration() + 1);
        assertRolledOut(scaled, 4);
        assertThat(replicaSets("shop", "checkout")).singleElement().satisfies(r -> {
            assertThat(r.getMetadata().getName()).isEqualTo(rs.getMetadata().getName());
            assertThat(r.getSpec().getReplicas()).isEqualTo(4);
            assertThat(r.getStatus().getReadyReplicas()).isEqualTo(4);
        });
        List<Pod> pods = podsOf(rs);
        assertThat(pods).hasSize(4).extracting(p -> p.getMetadata().getName()).containsAll(seeded);
        assertRunningAndReady(pods);
        assertThat(pods.stream().map(p -> p.getStatus().getPodIP()).distinct()).hasSize(4);
        assertThat(client.endpoints().inNamespace("shop").withName("checkout").get().getSubsets().get(0).getAddresses())
                .hasSize(4);
        assertThat(client.apps().deployments().inNamespace("shop").withName("checkout").scale().getStatus()
                .getReplicas()).isEqualTo(4);

        Deployment none = client.apps().deployments().inNamespace("shop").withName("checkout").scale(0);
        assertThat(none.getSpec().getReplicas()).isZero();
        assertThat(podsOf(rs)).isEmpty();
        assertThat(none.getStatus().getReplicas()).isZero();
        assertThat(client.endpoints().inNamespace("shop").withName("checkout").get().getSubsets()).isEmpty();

        // a merge patch of the scale subresource (kubectl scale) works too
        client.apps().deployments().inNamespace("shop").withName("checkout").subresource("scale")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":1}}");
        assertThat(podsOf(rs)).hasSize(1);
    }

    @Test
    void aPausedDeploymentIsNotRolledOutUntilResumed() {
        client.apps().deployments().inNamespace("shop").withName("checkout").rolling().pause();
        List<ReplicaSet> before = replicaSets("shop", "checkout");
        List<String> pods = podsOf(before.get(0)).stream().map(p -> p.getMetadata().getName()).toList();

        client.apps().deployments().inNamespace("shop").withName("checkout").edit(d -> {
            container(d).setImage("registry.example.com/shop/checkout:9.9.9");
            d.getSpec().setReplicas(3);
            return d;
        });
        Deployment paused = client.apps().deployments().inNamespace("shop").withName("checkout").get();
        assertThat(paused.getStatus().getObservedGeneration()).isLessThan(paused.getMetadata().getGeneration());
        assertThat(replicaSets("shop", "checkout")).hasSize(1);
        assertThat(podsOf(before.get(0))).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(pods);

        client.apps().deployments().inNamespace("shop").withName("checkout").rolling().resume();
        Deployment resumed = client.apps().deployments().inNamespace("shop").withName("checkout").get();
        assertRolledOut(resumed, 3);
        List<ReplicaSet> after = replicaSets("shop", "checkout");
        assertThat(after).hasSize(2);
        assertThat(podsOf(after.get(1))).hasSize(3).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0)
                .getImage()).isEqualTo("registry.example.com/shop/checkout:9.9.9"));
        assertThat(podsOf(after.get(0))).isEmpty();
    }

    @Test
    void aRestartRollsOutANewReplicaSet() {
        client.apps().deployments().inNamespace("billing").withName("invoice-worker").rolling().restart();

        Deployment d = client.apps().deployments().inNamespace("billing").withName("invoice-worker").get();
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("kubectl.kubernetes.io/restartedAt");
        assertRolledOut(d, 1);
        List<ReplicaSet> rss = replicaSets("billing", "invoice-worker");
        assertThat(rss).hasSize(2);
        assertThat(revision(rss.get(1))).isEqualTo(3);
        List<Pod> pods = podsOf(rss.get(1));
        assertThat(pods).singleElement().satisfies(p -> assertThat(p.getMetadata().getAnnotations())
                .containsKey("kubectl.kubernetes.io/restartedAt"));
        assertRunningAndReady(pods);
        assertThat(podsOf(rss.get(0))).isEmpty();
    }

    @Test
    void fixingTheIndexerMemoryLimitClearsItsOomKill() {
        assertThat(findings()).contains("OOMKilled search/indexer");
        client.apps().deployments().inNamespace("search").withName("indexer").edit(d -> {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            c.getResources().getLimits().put("memory", new Quantity("1Gi"));
            return d;
        });
        assertThat(findings()).noneMatch(f -> f.startsWith("OOMKilled search/indexer"))
                .contains("ImagePullError web/frontend");
    }
}
