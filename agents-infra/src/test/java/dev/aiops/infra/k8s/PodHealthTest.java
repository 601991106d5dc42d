package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PodHealthTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode pod(String phase, String containerStatuses) {
        return JSON.readTree("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"n\"},\"status\":{\"phase\":\""
                + phase + "\",\"containerStatuses\":[" + containerStatuses + "]}}");
    }

    @Test
    void runningReadyPodsAreHealthy() {
        JsonNode p = pod("Running", "{\"name\":\"a\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{}}}");
        assertThat(PodHealth.needsLogs(p)).isFalse();
    }

    @Test
    void completedPodsAreHealthy() {
        JsonNode p = pod("Succeeded", "{\"name\":\"a\",\"ready\":false,\"restartCount\":0,"
                + "\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\"}}}");
        assertThat(PodHealth.needsLogs(p)).isFalse();
    }

    @Test
    void waitingFailedNotReadyRestartedOrPendingPodsAreNot() {
        assertThat(PodHealth.needsLogs(pod("Running", "{\"name\":\"a\",\"ready\":false,\"restartCount\":0,"
                + "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}}"))).isTrue();
        assertThat(PodHealth.needsLogs(pod("Failed", "{\"name\":\"a\",\"ready\":false,\"restartCount\":0,"
                + "\"state\":{\"terminated\":{\"exitCode\":1}}}"))).isTrue();
        assertThat(PodHealth.needsLogs(pod("Running", "{\"name\":\"a\",\"ready\":false,\"restartCount\":0,"
                + "\"state\":{\"running\":{}}}"))).isTrue();
        assertThat(PodHealth.needsLogs(pod("Running", "{\"name\":\"a\",\"ready\":true,\"restartCount\":2,"
                + "\"state\":{\"running\":{}}}"))).isTrue();
        assertThat(PodHealth.needsLogs(pod("Pending", ""))).isTrue();
    }

    @Test
    void logsExistOnlyForContainersThatRan() {
        JsonNode p = JSON.readTree("{\"status\":{\"phase\":\"Running\",\"initContainerStatuses\":[{\"name\":\"init\","
                + "\"ready\":false,\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":0}}}],"
                + "\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":3,"
                + "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}},\"lastState\":{\"terminated\":{\"exitCode\":1}}},"
                + "{\"name\":\"sidecar\",\"ready\":false,\"restartCount\":0,\"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\"}}},"
                + "{\"name\":\"proxy\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{}}}]}}");
        assertThat(PodHealth.logsToRead(p)).containsExactly(new PodHealth.ContainerLog("init", false),
                new PodHealth.ContainerLog("app", true), new PodHealth.ContainerLog("proxy", false));
    }

    @Test
    void logBodiesSplitIntoLines() {
        assertThat(LiveClusterReader.lines("a\nb\n")).containsExactly("a", "b");
        assertThat(LiveClusterReader.lines("a\r\nb")).containsExactly("a", "b");
        assertThat(LiveClusterReader.lines("")).isEmpty();
        assertThat(LiveClusterReader.lines(null)).isEmpty();
    }

    @Test
    void apiResourcesKnowTheirPaths() {
        assertThat(ApiResource.DIAGNOSIS).hasSize(27);
        assertThat(ApiResource.forKind("Deployment").path("shop")).isEqualTo("/apis/apps/v1/namespaces/shop/deployments");
        assertThat(ApiResource.forKind("Pod").path(null)).isEqualTo("/api/v1/pods");
        assertThat(ApiResource.forKind("Node").path("ignored")).isEqualTo("/api/v1/nodes");
        assertThat(ApiResource.forKind("HorizontalPodAutoscaler").apiVersion()).isEqualTo("autoscaling/v2");
        assertThat(ApiResource.forKind("Ingress").qualifiedPlural()).isEqualTo("ingresses.networking.k8s.io");
        assertThat(ApiResource.forKind("Secret").qualifiedPlural()).isEqualTo("secrets");
        assertThat(ApiResource.forKind("ClusterRole")).isNull();
    }
}
