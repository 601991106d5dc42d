package dev.aiops.infra.k8s.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DemoPatchesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static final JsonNode POD_SPEC = json("""
            {'metadata': {'name': 'p', 'labels': {'app': 'a', 'tier': 'web'}, 'finalizers': ['x']},
             'spec': {'containers': [
                {'name': 'app', 'image': 'app:1', 'ports': [{'containerPort': 8080, 'name': 'http'}],
                 'env': [{'name': 'A', 'value': '1'}, {'name': 'B', 'value': '2'}],
                 'readinessProbe': {'httpGet': {'path': '/healthz', 'port': 8081}, 'periodSeconds': 10}},
                {'name': 'sidecar', 'image': 'proxy:1'}],
              'tolerations': [{'key': 'k', 'operator': 'Exists'}]}}""");

    @Test
    void aMergePatchRemovesNullsAndReplacesArrays() {
        JsonNode out = DemoPatches.merge(POD_SPEC, json("""
                {'metadata': {'labels': {'tier': null, 'new': 'y'}},
                 'spec': {'containers': [{'name': 'app', 'image': 'app:2'}]}}"""));
        assertThat(out.path("metadata").path("labels")).isEqualTo(json("{'app': 'a', 'new': 'y'}"));
        assertThat(out.path("spec").path("containers")).isEqualTo(json("[{'name': 'app', 'image': 'app:2'}]"));
        assertThat(POD_SPEC.path("metadata").path("labels").has("tier")).as("the target is left alone").isTrue();
    }

    @Test
    void aStrategicMergePatchMergesContainersByNameAndKeepsTheRest() {
        JsonNode out = DemoPatches.strategic(POD_SPEC, json("""
                {'spec': {'containers': [{'name': 'app',
                   'readinessProbe': {'httpGet': {'port': 8080}},
                   'env': [{'name': 'B', 'value': '3'}, {'name': 'C', 'value': '4'}],
                   'ports': [{'containerPort': 8080, 'protocol': 'TCP'}]}]}}"""));
        JsonNode app = out.path("spec").path("containers").get(0);
        assertThat(out.path("spec").path("containers").size()).isEqualTo(2);
        assertThat(app.path("image").asString()).isEqualTo("app:1");
        assertThat(app.path("readinessProbe")).isEqualTo(json(
                "{'httpGet': {'path': '/healthz', 'port': 8080}, 'periodSeconds': 10}"));
        assertThat(app.path("env")).isEqualTo(json(
                "[{'name': 'A', 'value': '1'}, {'name': 'B', 'value': '3'}, {'name': 'C', 'value': '4'}]"));
        assertThat(app.path("ports")).isEqualTo(json("[{'containerPort': 8080, 'name': 'http', 'protocol': 'TCP'}]"));
        assertThat(out.path("spec").path("containers").get(1).path("image").asString()).isEqualTo("proxy:1");
    }

    @Test
    void directivesDeleteReplaceAndRetain() {
        JsonNode out = DemoPatches.strategic(POD_SPEC, json("""
                {'metadata': {'finalizers': ['y'], '$deleteFromPrimitiveList/finalizers': ['x']},
                 'spec': {'containers': [{'name': 'sidecar', '$patch': 'delete'},
                                         {'name': 'app', 'readinessProbe': {'$patch': 'replace', 'tcpSocket': {'port': 8080}}}],
                          'tolerations': [{'key': 'other', 'operator': 'Exists'}],
                          '$setElementOrder/containers': [{'name': 'app'}]}}"""));
        assertThat(out.path("metadata").path("finalizers")).isEqualTo(json("['y']"));
        assertThat(out.path("spec").path("containers").size()).isEqualTo(1);
        assertThat(out.path("spec").path("containers").get(0).path("readinessProbe"))
                .isEqualTo(json("{'tcpSocket': {'port': 8080}}"));
        assertThat(out.path("spec").path("tolerations")).as("no merge key: replaced")
                .isEqualTo(json("[{'key': 'other', 'operator': 'Exists'}]"));
        assertThat(out.path("spec").has("$setElementOrder/containers")).isFalse();

        JsonNode retained = DemoPatches.strategic(json("{'strategy': {'type': 'RollingUpdate', 'rollingUpdate': {}}}"),
                json("{'strategy': {'type': 'Recreate', '$retainKeys': ['type']}}"));
        assertThat(retained).isEqualTo(json("{'strategy': {'type': 'Recreate'}}"));
        assertThat(DemoPatches.strategic(POD_SPEC, json("{'spec': {'$patch': 'delete'}}")).has("spec")).isFalse();
    }

    @Test
    void serviceAndContainerPortsMergeByTheirOwnKeys() {
        JsonNode svc = json("{'spec': {'ports': [{'name': 'http', 'port': 80, 'targetPort': 'http'}]}}");
        JsonNode out = DemoPatches.strategic(svc, json("{'spec': {'ports': [{'port': 80, 'targetPort': 8080}]}}"));
        assertThat(out.path("spec").path("ports")).isEqualTo(json("[{'name': 'http', 'port': 80, 'targetPort': 8080}]"));
    }
}
