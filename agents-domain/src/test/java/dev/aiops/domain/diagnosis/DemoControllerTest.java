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
 * fault while the other faults stay; server-side dry run changes nothing.
 */
class DemoControllerTest {

    private static final String REVISION = "deployment.kubernetes.io/revision";

    private DemoCluster demo;
    private KubernetesClient client;

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
    private List<String> findings() {
        DiagnosisReport report = Diagnoser.standard()
                .diagnose(LiveClusterReader.read(client, LiveReadOptions.defaults()), Set.of(), Set.of());
        List<String> out = new ArrayList<>();
        for (Finding f : report.findings()) {
            out.add(f.category() + " " + f.subject().namespace() + "/" + f.subject().name());
        }
        return out;
    }

    private static final List<String> OTHER_FAULTS = List.of("OOMKilled search/indexer",
            "CrashLoopBackOff payments/payments-api", "ContainerConfigError billing/invoice-worker",
            "Unschedulable analytics/spark-driver", "JobFailed batch/nightly-report");

    private List<ReplicaSet> replicaSets(String ns, String deployment) {
        String uid = client.apps().deployments().inNamespace(ns).withName(deployment).get().getMetadata().getUid();
        return client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .filter(rs -> rs.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
                .sorted(Comparator.comparingInt(DemoControllerTest::revision)).toList();
    }

    private static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static int revision(HasMetadata o) {
        return Integer.parseInt(o.getMetadata().getAnnotations().get(REVISION));
    }

    private List<Pod> podsOf(HasMetadata owner) {
        String ns = owner.getMetadata().getNamespace();
        return client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> owner.getMetadata().getUid().equals(o.getUid())))
                .toList();
    }

    private static void assertRunningAndReady(List<Pod> pods) {
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

    private static void assertRolledOut(Deployment d, int replicas) {
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

    /** The number of findings on a fresh demo cluster (the demo reports 29). */
    private static int findingsBefore() {
        try (DemoCluster fresh = DemoCluster.start()) {
            return Diagnoser.standard().diagnose(LiveClusterReader.read(fresh.client(), LiveReadOptions.defaults()),
                    Set.of(), Set.of()).findings().size();
        }
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

    /** Every object of the kinds a rollout touches, as the API serves it, by kind/namespace/name. */
    private Map<String, String> store() {
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
