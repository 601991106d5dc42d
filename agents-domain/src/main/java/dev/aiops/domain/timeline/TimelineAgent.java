package dev.aiops.domain.timeline;

import dev.aiops.core.runtime.SkillException;
import dev.aiops.core.runtime.SkillHandler;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Binds {@code timeline.build} of the {@code incident-timeline} agent ({@code skills/incident-timeline.yaml}) to
 * {@link TimelineBuilder}: input {@code since} (required), {@code until}, {@code namespace}, {@code around}
 * ({@code KIND/NAME} in the namespace, or {@code KIND/NAMESPACE/NAME}) and {@code clockSkewToleranceMs}; output the
 * incident-timeline v1 contract ({@link TimelineJson}). The cluster is the embedding agent's.
 */
public final class TimelineAgent {

    public static final String SKILL = "timeline.build";

    private TimelineAgent() {
    }

    public static SkillHandler handler(Supplier<ClusterSnapshot> cluster) {
        return call -> {
            JsonNode in = call.input();
            TimelineQuery query;
            try {
                TimelineQuery.Builder q = TimelineQuery.builder()
                        .since(Instant.parse(in.path("since").asString()))
                        .until(in.hasNonNull("until") ? Instant.parse(in.path("until").asString()) : null)
                        .namespace(in.path("namespace").asString(null));
                if (in.hasNonNull("around")) {
                    TimelineEntry.Subject a = TimelineEntry.Subject.parse(in.path("around").asString(),
                            in.path("namespace").asString(null));
                    q.around(a.kind(), a.namespace(), a.name());
                }
                if (in.hasNonNull("clockSkewToleranceMs")) {
                    q.clockSkew(Duration.ofMillis(in.path("clockSkewToleranceMs").asLong()));
                }
                query = q.build();
            } catch (DateTimeParseException e) {
                throw new SkillException("since and until are RFC 3339 times: " + e.getMessage(), false);
            } catch (IllegalArgumentException e) {
                throw new SkillException(e.getMessage(), false);
            }
            ClusterSnapshot snapshot;
            try {
                snapshot = cluster.get();
            } catch (SnapshotException e) {
                throw new SkillException(e.getMessage(), false, e);
            }
            return TimelineJson.toJson(TimelineBuilder.build(snapshot, query));
        };
    }
}
