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
 * Writes to the demo cluster other than rollouts: server-side dry run changes nothing, patches and server-side apply
 * merge as the API server does, StatefulSets and DaemonSets replace their pods, and deletions cascade.
 */
class DemoWritesTest extends DemoClusterTestBase {

    @Test
    void aDryRunAnswersLikeTheWriteWouldAndChangesNothing() {
        Map<String, String> before = store();
        Deployment d = client.apps().deployments().inNamespace("web").withName("frontend").get();
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry.example.com/web/frontend:v2.3.0");

        Deployment updated = client.resource(d).dryRun().update();
        assertThat(updated.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/web/frontend:v2.3.0");
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(d.getMetadata().getGeneration() + 1);

        Deployment patched = client.apps().deployments().inNamespace("web").withName("frontend").dryRun()
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":5}}");
        assertThat(patched.getSpec().getReplicas()).isEqualTo(5);
        Deployment edited = client.apps().deployments().inNamespace("web").withName("frontend").dryRun().edit(x -> {
            x.getSpec().setReplicas(7);
            return x;
        });
        assertThat(edited.getSpec().getReplicas()).isEqualTo(7);

        assertThat(client.apps().deployments().inNamespace("web").withName("frontend").dryRun().delete()).isNotEmpty();
        assertThat(client.pods().inNamespace("web").withName("frontend-84d5c6f7b9-bw6xn").dryRun().delete())
                .isNotEmpty();
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("dry").withNamespace("web").endMetadata()
                .addToData("k", "v").build();
        assertThat(client.resource(cm).dryRun().create().getMetadata().getUid()).isNotBlank();

        assertThat(demo.dispatcher().requests()).filteredOn(r -> r.contains("dryRun=All")).hasSize(6);
        assertThat(store()).isEqualTo(before);
        assertThat(client.apps().deployments().inNamespace("web").withName("frontend").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/web/frontend:v2.3.1-typo");
        assertThat(client.configMaps().inNamespace("web").withName("dry").get()).isNull();
        assertThat(findings()).contains("ImagePullError web/frontend", "RolloutStuck web/frontend");
    }

    @Test
    void statefulSetsAndDaemonSetsReplaceTheirPodsOnATemplateChange() {
        StatefulSet sts = client.apps().statefulSets().inNamespace("data").withName("postgres").edit(s -> {
            s.getSpec().getTemplate().getMetadata().getAnnotations().put("kubectl.kubernetes.io/restartedAt", "now");
            return s;
        });
        List<Pod> pods = podsOf(sts);
        assertThat(pods).singleElement().satisfies(p -> {
            assertThat(p.getMetadata().getName()).isEqualTo("postgres-0");
            assertThat(p.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "postgres-0");
            assertThat(p.getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
                    .isEqualTo("data-postgres-0"));
        });
        assertRunningAndReady(pods);
        StatefulSet after = client.apps().statefulSets().inNamespace("data").withName("postgres").get();
        assertThat(after.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(after.getStatus().getUpdateRevision()).isEqualTo(pods.get(0).getMetadata().getLabels()
                .get("controller-revision-hash"));

        List<String> old = podsOf(client.apps().daemonSets().inNamespace("kube-system").withName("kube-proxy").get())
                .stream().map(p -> p.getMetadata().getName()).toList();
        DaemonSet ds = client.apps().daemonSets().inNamespace("kube-system").withName("kube-proxy").edit(s -> {
            s.getSpec().getTemplate().getSpec().getContainers().get(0)
                    .setImage("mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.30.7");
            return s;
        });
        List<Pod> proxies = podsOf(ds);
        assertThat(proxies).hasSize(3).noneMatch(p -> old.contains(p.getMetadata().getName()));
        assertThat(proxies).extracting(p -> p.getSpec().getNodeName()).doesNotHaveDuplicates();
        assertThat(proxies).allSatisfy(p -> assertThat(p.getStatus().getPodIP()).isEqualTo(p.getStatus().getHostIP()));
        assertRunningAndReady(proxies);
        DaemonSet dsAfter = client.apps().daemonSets().inNamespace("kube-system").withName("kube-proxy").get();
        assertThat(dsAfter.getStatus().getNumberReady()).isEqualTo(3);
        assertThat(dsAfter.getStatus().getObservedGeneration()).isEqualTo(dsAfter.getMetadata().getGeneration());
    }

    @Test
    void strategicMergePatchesFixTheCartProbeAndTheCatalogSelector() {
        assertThat(findings()).contains("ServiceMisconfigured shop/catalog");

        // fabric8's patch(String) is a strategic merge patch, kubectl patch's default: containers merge by name
        Deployment cart = client.apps().deployments().inNamespace("shop").withName("cart").patch("""
                {"spec": {"template": {"spec": {"containers": [
                  {"name": "cart", "readinessProbe": {"httpGet": {"port": 8080}}}]}}}}""");
        Container c = container(cart);
        assertThat(cart.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        assertThat(c.getImage()).isEqualTo("registry.example.com/shop/cart:2.0.4");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
        // the template is the one of revision 3, so that ReplicaSet comes back
        assertThat(replicaSets("shop", "cart")).last().satisfies(rs -> {
            assertThat(rs.getMetadata().getName()).isEqualTo("cart-6f9c8d7b4");
            assertThat(revision(rs)).isEqualTo(5);
        });

        // a Service as seeded has no metadata.generation; a JSON merge patch of its selector works all the same
        client.services().inNamespace("shop").withName("catalog")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"selector\":{\"app\":\"catalog\"}}}");
        assertThat(client.endpoints().inNamespace("shop").withName("catalog").get().getSubsets())
                .singleElement().satisfies(s -> assertThat(s.getAddresses()).hasSize(2));

        assertThat(findings()).noneMatch(f -> f.endsWith(" shop/cart") || f.endsWith(" shop/catalog"))
                .containsAll(OTHER_FAULTS);

        // a server-side apply creates, then merges into what is there (no field managers: a real API server would
        // drop "a", which the only manager no longer applies)
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("flags").withNamespace("shop").endMetadata()
                .addToData("a", "1").build();
        client.resource(cm).forceConflicts().serverSideApply();
        cm.getData().put("b", "2");
        cm.getData().remove("a");
        client.resource(cm).forceConflicts().serverSideApply();
        assertThat(client.configMaps().inNamespace("shop").withName("flags").get().getData())
                .containsEntry("a", "1").containsEntry("b", "2");
    }

    @Test
    void deletedPodsAreReplacedAndFailingOnesFailTheSameWay() {
        List<String> before = findings();
        client.pods().inNamespace("payments").withName("payments-api-7d9c6b5f4d-x2k8p").delete();
        client.pods().inNamespace("payments").withName("payments-api-7d9c6b5f4d-q7wzn").delete();
        client.pods().inNamespace("shop").withName("checkout-7b9c5d4f8-4kx9z").delete();

        ReplicaSet payments = client.apps().replicaSets().inNamespace("payments").withName("payments-api-7d9c6b5f4d")
                .get();
        List<Pod> crashing = podsOf(payments);
        assertThat(crashing).hasSize(2).allSatisfy(p -> {
            assertThat(p.getMetadata().getName()).startsWith("payments-api-7d9c6b5f4d-")
                    .isNotIn("payments-api-7d9c6b5f4d-x2k8p", "payments-api-7d9c6b5f4d-q7wzn");
            assertThat(p.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
                    .isEqualTo("CrashLoopBackOff");
            assertThat(client.pods().inNamespace("payments").withName(p.getMetadata().getName()).getLog())
                    .contains("connect ECONNREFUSED 10.0.12.4:5432");
        });
        ReplicaSet checkout = client.apps().replicaSets().inNamespace("shop").withName("checkout-7b9c5d4f8").get();
        List<Pod> healthy = podsOf(checkout);
        assertThat(healthy).hasSize(2).extracting(p -> p.getMetadata().getName())
                .doesNotContain("checkout-7b9c5d4f8-4kx9z");
        assertRunningAndReady(healthy);
        assertThat(client.endpoints().inNamespace("shop").withName("checkout").get().getSubsets().get(0)
                .getAddresses()).extracting(a -> a.getTargetRef().getName())
                .containsExactlyInAnyOrderElementsOf(healthy.stream().map(p -> p.getMetadata().getName()).toList());

        assertThat(findings()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void deletingADeploymentDeletesItsReplicaSetsAndPods() {
        client.apps().deployments().inNamespace("web").withName("frontend").delete();
        assertThat(client.apps().replicaSets().inNamespace("web").list().getItems())
                .extracting(rs -> rs.getMetadata().getName()).containsExactly("legacy-admin-5d6f7c8b9");
        assertThat(client.pods().inNamespace("web").list().getItems()).isEmpty();
    }
}
