package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class SnapshotWriterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ObjectNode object(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void writesTheClusterInfoDumpLayoutThatReadsBackTheSame(@TempDir Path dir) throws IOException {
        ClusterSnapshot original = ClusterSnapshot.builder(new ClusterSnapshot.Source("live", "ctx"))
                .add(object("{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"n1\"}}"))
                .add(object("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p1\",\"namespace\":\"a\"}}"))
                .add(object("{\"kind\":\"NetworkPolicy\",\"apiVersion\":\"networking.k8s.io/v1\",\"metadata\":"
                        + "{\"name\":\"deny\",\"namespace\":\"a\"}}"))
                .add(object("{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"db\",\"namespace\":\"a\"},"
                        + "\"data\":{\"password\":\"c2VjcmV0\"}}"))
                .add(object("{\"kind\":\"StorageClass\",\"apiVersion\":\"storage.k8s.io/v1\",\"metadata\":{\"name\":\"ssd\"}}"))
                .addLogs("a", "p1", "app", java.util.List.of("hello", "world"))
                .build();

        SnapshotWriter.write(original, dir);
        ClusterSnapshot back = SnapshotReader.read(dir);

        assertThat(Files.readString(dir.resolve("a/pods.json"))).contains("\"kind\" : \"PodList\"");
        assertThat(dir.resolve("a/networkpolicies.json")).exists();
        assertThat(dir.resolve("storageclasses.json")).exists();
        assertThat(dir.resolve("nodes.json")).exists();
        assertThat(Files.readString(dir.resolve("a/secrets.json"))).doesNotContain("c2VjcmV0");
        assertThat(back.kinds()).isEqualTo(original.kinds());
        assertThat(back.objectCount()).isEqualTo(original.objectCount());
        // object for object: everything but a Secret's values comes back as it was written
        for (String kind : original.kinds()) {
            for (tools.jackson.databind.JsonNode o : original.objects(kind)) {
                tools.jackson.databind.JsonNode read = back.get(kind, K8s.namespace(o), K8s.name(o));
                assertThat(read).as(kind + " " + K8s.name(o)).isNotNull();
                if (kind.equals("Secret")) {
                    assertThat(read.path("metadata")).isEqualTo(o.path("metadata"));
                    assertThat(read.toString()).doesNotContain("c2VjcmV0");
                } else {
                    assertThat(read).as(kind + " " + K8s.name(o)).isEqualTo(o);
                }
            }
        }
        assertThat(back.logs("a", "p1").get("app")).containsExactly("hello", "world");
    }

    @Test
    void namesPluralsAsKubectlDoes() {
        assertThat(SnapshotWriter.plural("NetworkPolicy")).isEqualTo("networkpolicies");
        assertThat(SnapshotWriter.plural("Ingress")).isEqualTo("ingresses");
        assertThat(SnapshotWriter.plural("Endpoints")).isEqualTo("endpoints");
        assertThat(SnapshotWriter.plural("GatewayClass")).isEqualTo("gatewayclasses");
        assertThat(SnapshotWriter.plural("Policy")).isEqualTo("policies");
    }
}
