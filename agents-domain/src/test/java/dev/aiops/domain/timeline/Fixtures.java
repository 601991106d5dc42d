package dev.aiops.domain.timeline;

import dev.aiops.core.contract.JsonSchema;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.json.JsonMapper;

/** The timeline fixtures ({@code timeline/<case>/dump}, laid out as cluster-info dump writes) and the contract. */
final class Fixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-08T00:00:00Z"), ZoneOffset.UTC);

    private Fixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ClusterSnapshot dump(String fixture) {
        return SnapshotReader.read(resource("timeline/" + fixture + "/dump"));
    }

    static Timeline timeline(String fixture, TimelineQuery query) {
        return TimelineBuilder.build(dump(fixture), query, 1, CLOCK);
    }

    static JsonSchema contract() {
        return JsonSchema.of(JSON.readTree(resource("contracts/incident-timeline.schema.json").toFile()));
    }

    /** The one entry matching {@code p}. */
    static int index(Timeline t, Predicate<TimelineEntry> p) {
        int found = -1;
        List<TimelineEntry> entries = t.entries();
        for (int i = 0; i < entries.size(); i++) {
            if (p.test(entries.get(i))) {
                if (found >= 0) throw new AssertionError("two entries match: " + found + " and " + i);
                found = i;
            }
        }
        if (found < 0) throw new AssertionError("no entry matches in\n" + TimelineText.text(t, false));
        return found;
    }

    static Predicate<TimelineEntry> text(String part) {
        return e -> e.text().contains(part);
    }
}
