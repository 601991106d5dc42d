package dev.aiops.composite.scaling;

import dev.aiops.domain.scaling.Resources;
import dev.aiops.domain.scaling.Workload;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * One decision of the operator about one container: what it did and why. Written to the audit log and kept in the
 * policy's status, so anyone can ask why a workload was resized.
 *
 * @param id        stable for the same policy, container and target: the id a person approves
 * @param policy    {@code namespace/name} of the policy
 * @param workload  the workload
 * @param container the container
 * @param outcome   what happened
 * @param from      requests and limits before
 * @param to        the recommendation (after floors); null when there is none
 * @param reason    why, in one sentence
 * @param reasoning the advisor's reasoning plus mode, bounds, approval and outcome
 * @param time      when
 */
public record Decision(String id, String policy, Workload workload, String container, Outcome outcome,
                       Resources from, Resources to, String reason, ObjectNode reasoning, Instant time) {

    /** What the operator did. */
    public enum Outcome {
        RECOMMENDED("recommended"), DRY_RUN("dry-run"), APPLIED("applied"), PENDING_APPROVAL("pending-approval"),
        REFUSED("refused"), SKIPPED("skipped"), UNCHANGED("unchanged"), FAILED("failed");

        private final String wire;

        Outcome(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
