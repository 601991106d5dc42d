package dev.aiops.core.runtime;

import static dev.aiops.core.runtime.RuntimeFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EnvelopeTest {

    private static final Envelope REQUEST = new Envelope("id-1", "aiops://agents/oncall", Envelope.TYPE_INVOKE,
            "k8s.pods.list", Instant.parse("2026-11-24T10:00:00Z"), json("{\"namespace\":\"prod\"}"), "corr",
            "cause", "key-1", 2, List.of("oncall", "diagnostics", "cluster"), Instant.parse("2026-11-24T10:00:30Z"),
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=x");

    @Test
    void serializesWithCloudEventsAttributeNames() {
        JsonNode j = REQUEST.toJson();

        assertThat(j.get("specversion").asString()).isEqualTo("1.0");
        assertThat(j.get("datacontenttype").asString()).isEqualTo("application/json");
        assertThat(j.get("type").asString()).isEqualTo("dev.aiops.skill.invoke");
        assertThat(j.get("subject").asString()).isEqualTo("k8s.pods.list");
        assertThat(j.get("time").asString()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(j.get("correlationid").asString()).isEqualTo("corr");
        assertThat(j.get("causationid").asString()).isEqualTo("cause");
        assertThat(j.get("idempotencykey").asString()).isEqualTo("key-1");
        assertThat(j.get("depth").asInt()).isEqualTo(2);
        assertThat(j.get("path").asString()).isEqualTo("oncall/diagnostics/cluster");
        assertThat(j.get("deadline").asString()).isEqualTo("2026-11-24T10:00:30Z");
        assertThat(j.get("traceparent").asString()).startsWith("00-0af7");
        assertThat(j.get("data").get("namespace").asString()).isEqualTo("prod");
        // CloudEvents attribute names are lower-case alphanumerics
        j.propertyNames().forEach(name -> assertThat(name).matches("[a-z0-9]+"));
    }

    @Test
    void roundTripsThroughJson() {
        assertThat(Envelope.fromJson(REQUEST.toJson())).isEqualTo(REQUEST);
        assertThat(REQUEST.callee()).isEqualTo("cluster");
    }

    @Test
    void namesTheMissingOrWrongAttribute() {
        var j = REQUEST.toJson();
        j.remove("correlationid");
        assertThatThrownBy(() -> Envelope.fromJson(j)).hasMessageStartingWith("/correlationid");
        var k = REQUEST.toJson().put("specversion", "0.3");
        assertThatThrownBy(() -> Envelope.fromJson(k)).hasMessageContaining("0.3");
    }
}
