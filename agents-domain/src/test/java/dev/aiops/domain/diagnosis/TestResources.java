package dev.aiops.domain.diagnosis;

import dev.aiops.core.contract.JsonSchema;
import java.net.URISyntaxException;
import java.nio.file.Path;
import tools.jackson.databind.json.JsonMapper;

/** The test fixtures on the classpath: shared samples, scenarios and the diagnosis-report contract. */
public final class TestResources {

    private TestResources() {
    }

    /** A test resource as a path. */
    public static Path resource(String name) {
        try {
            return Path.of(TestResources.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The diagnosis-report v1 schema every report must satisfy. */
    public static JsonSchema reportSchema() {
        return JsonSchema.of(JsonMapper.builder().build().readTree(
                resource("contracts/diagnosis-report.schema.json").toFile()));
    }
}
