package dev.aiops.domain.scaling;

import tools.jackson.databind.node.ObjectNode;

/**
 * The advice for one container of one workload.
 *
 * @param workload    the workload
 * @param container   the container name
 * @param status      whether a recommendation is given
 * @param reason      why not, for {@link Status#INSUFFICIENT_DATA} and {@link Status#ERROR}
 * @param current     requests and limits now ({@link Resources#UNKNOWN} when not known)
 * @param recommended the recommendation (null unless ok)
 * @param confidence  0 to 1: grows with history length and samples
 * @param reasoning   inputs and steps: window, samples, gaps, percentiles, margin, OOM kills, floors, formula
 * @param monthlyCostDelta recommended minus current, per month, for all replicas (NaN unless ok)
 */
public record ContainerAdvice(Workload workload, String container, Status status, String reason, Resources current,
                              Resources recommended, double confidence, ObjectNode reasoning,
                              double monthlyCostDelta) {

    /** Whether a recommendation is given; the wire names are the contract's. */
    public enum Status {
        OK("ok"), INSUFFICIENT_DATA("insufficient-data"), ERROR("error");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    static ContainerAdvice notGiven(Workload w, String container, Status status, String reason, Resources current,
                                    ObjectNode reasoning) {
        return new ContainerAdvice(w, container, status, reason, current, null, 0, reasoning, Double.NaN);
    }
}
