package dev.aiops.composite.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.infra.k8s.demo.DemoCluster;
import dev.aiops.infra.k8s.LiveClusterReader;
import dev.aiops.infra.k8s.LiveReadOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The deterministic post-mortem from a timeline in the incident-timeline v1 shape and a real diagnosis. */
class PostmortemWriterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static DiagnosisReport report;

    @BeforeAll
    static void diagnoseTheDemo() {
        try (DemoCluster demo = DemoCluster.start()) {
            report = Diagnoser.standard().diagnose(LiveClusterReader.read(demo.client(), LiveReadOptions.defaults()),
                    Set.of("shop"), Set.of());
        }
    }

    private static JsonNode timeline(boolean recovered) {
        String entries = """
                [
                 {"time":"2026-12-07T10:00:00Z","source":"rollout","object":{"kind":"ReplicaSet","namespace":"shop","name":"checkout-7d9f"},"level":"info","text":"new ReplicaSet, revision 4"},
                 {"time":"2026-12-07T10:02:00Z","source":"log","object":{"kind":"Pod","namespace":"shop","name":"checkout-7d9f-abcde","container":"checkout"},"level":"error","text":"OutOfMemoryError: Java heap space"},
                 {"time":"2026-12-07T10:03:00Z","source":"event","object":{"kind":"Pod","namespace":"shop","name":"checkout-7d9f-abcde"},"level":"warning","reason":"BackOff","text":"Back-off restarting failed container","count":7}
                 %s
                ]""".formatted(recovered ? """
                 ,{"time":"2026-12-07T10:40:00Z","source":"status","object":{"kind":"Deployment","namespace":"shop","name":"checkout"},"level":"info","text":"Available=True"}""" : "");
        String markers = recovered ? "{\"trigger\":0,\"firstError\":1,\"detection\":2,\"recovery\":3}"
                : "{\"trigger\":0,\"firstError\":1,\"detection\":2}";
        return JSON.readTree("{\"schemaVersion\":\"1\",\"generatedAt\":\"2026-12-07T11:00:00Z\",\"source\":{\"type\":"
                + "\"demo\"},\"entries\":" + entries + ",\"markers\":" + markers + "}");
    }

    @Test
    void impactDetectionTriggerAndRecoveryComeFromTheTimelinesMarkers() {
        Postmortem p = PostmortemWriter.write(timeline(true), report, null, T0, T0.plus(Duration.ofHours(1)));

        assertThat(p.impactStart()).isEqualTo(Instant.parse("2026-12-07T10:02:00Z"));
        assertThat(p.impactEnd()).isEqualTo(Instant.parse("2026-12-07T10:40:00Z"));
        assertThat(p.timeToDetect()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.trigger()).contains("ReplicaSet shop/checkout-7d9f", "new ReplicaSet, revision 4");
        assertThat(p.detection()).contains("Back-off restarting failed container (x7)");
        assertThat(p.wentWell()).anySatisfy(w -> assertThat(w).startsWith("detected 1m after the first error"))
                .anySatisfy(w -> assertThat(w).contains("38m after the first error"));
        assertThat(p.timeline()).hasSize(4).first().asString().endsWith("[trigger]");
    }

    @Test
    void rootCausesAndActionsComeFromTheFindingsWithTheirEvidence() {
        Postmortem p = PostmortemWriter.write(timeline(true), report, null, T0, T0.plus(Duration.ofHours(1)));

        assertThat(p.rootCauses()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.evidence()).isNotEmpty();
            assertThat(report.findings()).anyMatch(f -> f.id().equals(c.findingId()));
        });
        assertThat(p.namespaces()).containsExactly("shop");
        assertThat(p.actions()).isNotEmpty().allSatisfy(a -> assertThat(a.priority()).matches("P[123]"));
        String md = PostmortemMarkdown.of(p);
        assertThat(md).contains("## Summary", "## Impact", "## Detection", "## Trigger", "## Root cause",
                "## Contributing factors", "## What went well", "## What went badly", "## Timeline",
                "## Action items", "| priority | action | command | owner |").doesNotContain("model-written");
    }

    @Test
    void anOngoingIncidentSaysSoAndNothingIsGuessed() {
        Postmortem p = PostmortemWriter.write(timeline(false), report, null, T0, T0.plus(Duration.ofHours(1)));

        assertThat(p.impactEnd()).isNull();
        assertThat(p.wentBadly()).anySatisfy(b -> assertThat(b).startsWith("not recovered by the end of the window"));
        assertThat(PostmortemMarkdown.of(p)).contains("- Ended: not within the window");
    }

    @Test
    void anEmptyWindowIsAPostmortemOfNothingWithUnknowns() {
        JsonNode empty = JSON.readTree("{\"schemaVersion\":\"1\",\"generatedAt\":\"2026-12-07T11:00:00Z\","
                + "\"source\":{\"type\":\"demo\"},\"entries\":[],\"markers\":{}}");
        DiagnosisReport none = new DiagnosisReport(T0, "demo", "x", 0, 0, java.util.List.of(), java.util.List.of());

        Postmortem p = PostmortemWriter.write(empty, none, null, T0, T0.plusSeconds(60));

        assertThat(p.title()).isEqualTo("No incident found in the window");
        assertThat(PostmortemMarkdown.of(p)).contains("Started: unknown", "unknown: no alerting signal found");
    }
}
