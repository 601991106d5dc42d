package dev.aiops.domain.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpectationsTest {

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("expected.json"), json);
    }

    @Test
    void readsTheSharedSampleFormat() throws IOException {
        Expectations e = Expectations.read(write("""
                {"description": "cart cannot start",
                 "findings": [{"category": "ContainerConfigError", "kind": "Pod", "namespace": "shop", "name": "cart-1",
                               "ownerKind": "Deployment", "ownerName": "cart", "keywords": ["cart-redis"]},
                              {"category": "NodeUnhealthy", "kind": "Node", "name": "n1", "severity": "low"}],
                 "healthy": [{"kind": "Service", "namespace": "shop", "name": "web"}, {"kind": "Node", "name": "n2"}]}
                """));

        assertThat(e.description()).isEqualTo("cart cannot start");
        assertThat(e.findings()).containsExactly(
                new ExpectedFinding(Category.ContainerConfigError, new ObjectRef("Pod", "shop", "cart-1"),
                        new ObjectRef("Deployment", "shop", "cart"), List.of("cart-redis"), null),
                new ExpectedFinding(Category.NodeUnhealthy, new ObjectRef("Node", null, "n1"), null, List.of(),
                        Severity.LOW));
        assertThat(e.healthy()).containsExactly(new ObjectRef("Service", "shop", "web"),
                new ObjectRef("Node", null, "n2"));
        assertThat(e.expectsHealthy()).isFalse();
    }

    @Test
    void writesWhatItReads() throws IOException {
        Expectations e = new Expectations("d", List.of(new ExpectedFinding(Category.OOMKilled,
                new ObjectRef("Pod", "media", "w-1"), new ObjectRef("Deployment", "media", "w"), List.of("128Mi"),
                Severity.HIGH)), List.of(new ObjectRef("Node", null, "n1")));

        assertThat(Expectations.read(write(e.toJson().toString()))).isEqualTo(e);
    }

    @Test
    void brokenJsonNamesTheFileThePointerAndTheLine() throws IOException {
        Path file = write("""
                {"findings": [
                  {"category": "OOMKilled", "kind": "Pod", "name": "w-1", "keywords": ["128Mi" "OOMKilled"]}
                ]}
                """);

        assertThatThrownBy(() -> Expectations.read(file)).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(file + ": not valid JSON at /findings/0/keywords/1 (line 2, column")
                .hasMessageNotContaining("\n");
    }

    @Test
    void wrongFieldsAreEachNamedByTheirPointer() throws IOException {
        Path file = write("""
                {"findings": [{"category": "Gremlins", "kind": "Pod", "name": "w-1", "keyword": ["x"]},
                              {"category": "OOMKilled", "kind": "Pod", "ownerKind": "Deployment", "severity": "urgent"}],
                 "healthy": [{"kind": "Node"}, "n2"]}
                """);

        assertThatThrownBy(() -> Expectations.read(file)).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining("/findings/0/keyword: unknown field")
                .hasMessageContaining("/findings/0/category: 'Gremlins' is not a category of diagnosis-report v1")
                .hasMessageContaining("/findings/1/name: missing")
                .hasMessageContaining("/findings/1/ownerName: missing")
                .hasMessageContaining("/findings/1/severity: 'urgent' is not critical, high, medium, low or info")
                .hasMessageContaining("/healthy/0/name: missing")
                .hasMessageContaining("/healthy/1: must be an object");
    }

    @Test
    void aMissingFileOrANonObjectIsNamed() throws IOException {
        assertThatThrownBy(() -> Expectations.read(dir.resolve("nope.json")))
                .hasMessage(dir.resolve("nope.json") + ": no such file");
        Path list = write("[]");
        assertThatThrownBy(() -> Expectations.read(list))
                .hasMessage(list + ": /: must be a JSON object with findings and healthy");
    }
}
