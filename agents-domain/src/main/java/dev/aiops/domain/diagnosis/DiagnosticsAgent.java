package dev.aiops.domain.diagnosis;

import dev.aiops.core.runtime.SkillException;
import dev.aiops.core.runtime.SkillHandler;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotException;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Binds the {@code diagnosis.run} skill of the {@code diagnostics} agent ({@code skills/diagnostics.yaml}) to the
 * {@link Diagnoser}. Where cluster state comes from is the embedding application's choice, given as a
 * {@link SnapshotProvider}.
 */
public final class DiagnosticsAgent {

    /** The skill this agent provides. */
    public static final String SKILL = "diagnosis.run";

    /** Reads the cluster state named by the skill input's {@code source} ({@code {"type":"dump","name":PATH}}...). */
    @FunctionalInterface
    public interface SnapshotProvider {
        ClusterSnapshot snapshot(String type, String name);
    }

    private DiagnosticsAgent() {
    }

    public static SkillHandler handler(SnapshotProvider provider, Diagnoser diagnoser) {
        return call -> {
            JsonNode in = call.input();
            JsonNode source = in.get("source");
            ClusterSnapshot snapshot;
            try {
                snapshot = provider.snapshot(source.path("type").asString(), source.path("name").asString(null));
            } catch (SnapshotException e) {
                throw new SkillException(e.getMessage(), false, e);
            }
            Set<String> namespaces = new LinkedHashSet<>();
            in.path("namespaces").forEach(n -> namespaces.add(n.asString()));
            Set<Category> categories = new LinkedHashSet<>();
            for (JsonNode c : in.path("categories")) {
                try {
                    categories.add(Category.valueOf(c.asString()));
                } catch (IllegalArgumentException e) {
                    throw new SkillException("unknown category '" + c.asString() + "'", false);
                }
            }
            return ReportJson.toJson(diagnoser.diagnose(snapshot, namespaces, categories));
        };
    }
}
