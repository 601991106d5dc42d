package dev.aiops.infra.k8s.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.infra.metrics.ContainerUsage;
import dev.aiops.infra.metrics.MetricsException;
import dev.aiops.infra.metrics.MetricsServerReader;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo cluster's metrics-server follows its pods: pods the controllers start have metrics, deleted ones not. */
class DemoMetricsTest {

    private static final double MI = 1024 * 1024;

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

    private List<ContainerUsage> usage(String namespace, String selector) throws MetricsException {
        return MetricsServerReader.read(client, namespace, selector);
    }

    private List<String> runningPods(String namespace, String app) {
        return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                .map(p -> p.getMetadata().getName()).sorted().toList();
    }

    @Test
    void scaledUpPodsHaveMetricsAndScaledDownOnesLoseThem() throws MetricsException {
        client.apps().deployments().inNamespace("shop").withName("checkout").scale(4);

        List<ContainerUsage> four = usage("shop", "app=checkout");
        assertThat(four).extracting(ContainerUsage::pod).containsExactlyInAnyOrderElementsOf(
                runningPods("shop", "checkout")).hasSize(4);
        assertThat(four).allSatisfy(u -> {
            assertThat(u.cpuCores()).isEqualTo(0.185);
            assertThat(u.memoryBytes()).isEqualTo(478 * MI);
        });

        client.apps().deployments().inNamespace("shop").withName("checkout").scale(1);

        assertThat(usage("shop", "app=checkout")).extracting(ContainerUsage::pod)
                .containsExactlyElementsOf(runningPods("shop", "checkout")).hasSize(1);
    }

    @Test
    void aDeletedPodLosesItsMetricsAndItsReplacementHasThem() throws MetricsException {
        client.pods().inNamespace("shop").withName("cart-5d8f6c9b7-lr8tk").delete();

        List<String> pods = runningPods("shop", "cart");
        assertThat(pods).hasSize(2).doesNotContain("cart-5d8f6c9b7-lr8tk");
        assertThat(usage("shop", "app=cart")).extracting(ContainerUsage::pod)
                .containsExactlyInAnyOrderElementsOf(pods);
    }

    @Test
    void aFixedWorkloadRunsAndHasMetricsItsMemoryBelowItsLimit() throws MetricsException {
        assertThat(usage("payments", null)).isEmpty();
        assertThat(usage("search", null)).isEmpty();

        client.apps().deployments().inNamespace("payments").withName("payments-api").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                    .add(new EnvVar("DB_HOST", "payments-db-0.payments-db", null));
            return d;
        });
        // a new template that keeps the 256Mi limit: the indexer runs at the limit, not above it
        client.apps().deployments().inNamespace("search").withName("indexer").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                    .add(new EnvVar("JAVA_TOOL_OPTIONS", "-Xmx200m", null));
            return d;
        });

        List<ContainerUsage> payments = usage("payments", null);
        assertThat(payments).extracting(ContainerUsage::pod).containsExactlyInAnyOrderElementsOf(
                runningPods("payments", "payments-api")).isNotEmpty();
        assertThat(payments).allSatisfy(u -> {
            assertThat(u.cpuCores()).isEqualTo(0.120);
            assertThat(u.memoryBytes()).isEqualTo(210 * MI);
        });
        assertThat(usage("search", null)).isNotEmpty().allSatisfy(u ->
                assertThat(u.memoryBytes()).isLessThanOrEqualTo(0.95 * 256 * MI).isGreaterThan(200 * MI));

        client.apps().deployments().inNamespace("search").withName("indexer").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
                    .put("memory", new Quantity("1Gi"));
            return d;
        });

        assertThat(usage("search", null)).isNotEmpty().allSatisfy(u ->
                assertThat(u.memoryBytes()).isEqualTo(610 * MI));
    }

    @Test
    void podListsAreUnchangedByPodMetrics() {
        List<Pod> pods = client.pods().inAnyNamespace().list().getItems();

        assertThat(pods).isNotEmpty().allSatisfy(p -> {
            assertThat(p.getKind()).isEqualTo("Pod");
            assertThat(p.getApiVersion()).isEqualTo("v1");
        });
        assertThat(client.pods().inNamespace("shop").withName("checkout-7b9c5d4f8-4kx9z").get().getKind())
                .isEqualTo("Pod");
    }
}
