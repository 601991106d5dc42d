package dev.aiops.infra.k8s.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.infra.k8s.K8s;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class DemoSeedTest {

    @Test
    void timestampsMoveAndKeepTheirPrecision() {
        Duration shift = Duration.ofDays(3).plusSeconds(61);
        assertThat(DemoSeed.shiftText("2026-11-20T12:00:00Z", shift)).isEqualTo("2026-11-23T12:01:01Z");
        assertThat(DemoSeed.shiftText("at 2026-11-20T11:59:59.123Z and 2026-11-20T11:00:00.123456Z ok", shift))
                .isEqualTo("at 2026-11-23T12:01:00.123Z and 2026-11-23T11:01:01.123456Z ok");
        assertThat(DemoSeed.shiftText("no time here, 2026-11-20 12:00:00", shift)).isEqualTo("no time here, 2026-11-20 12:00:00");
    }

    @Test
    void loadsObjectsAndLogsRelativeToNow() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        DemoSeed seed = DemoSeed.load(now);

        assertThat(seed.objects).hasSizeGreaterThan(150);
        assertThat(seed.objects).allSatisfy(o -> {
            assertThat(K8s.kind(o)).isNotNull();
            assertThat(o.path("apiVersion").asString()).isNotEmpty();
            assertThat(K8s.name(o)).isNotNull();
        });
        ObjectNode pod = seed.objects.stream().filter(o -> "payments-api-7d9c6b5f4d-x2k8p".equals(K8s.name(o)))
                .findFirst().orElseThrow();
        String finished = pod.path("status").path("containerStatuses").get(0).path("lastState").path("terminated")
                .path("finishedAt").asString();
        assertThat(Duration.between(Instant.parse(finished), now)).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(5));
        assertThat(seed.logs).anySatisfy(l -> {
            assertThat(l.pod()).isEqualTo("payments-api-7d9c6b5f4d-x2k8p");
            assertThat(l.previous()).isTrue();
            assertThat(l.text()).startsWith("2029-12-31T23:");
        });
    }
}
