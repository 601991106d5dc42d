package dev.aiops.composite.scaling.crd;

import io.fabric8.crd.generator.annotation.PrinterColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the operator last decided for each workload of a policy, and whether the policy is valid. */
public class ScalingPolicyStatus {

    /** A condition as Kubernetes writes them ({@code Ready}, {@code Invalid}). */
    public static class Condition {
        public String type;
        public String status;
        public String reason;
        public String message;
        public String lastTransitionTime;
    }

    /** The last decision for one container of one workload. */
    public static class Decision {
        /** The decision's id in the audit log, and the id to approve a pending change with. */
        public String id;
        public String workload;
        public String container;
        public String time;
        /** recommended, dry-run, applied, pending-approval, approved, refused, skipped, failed */
        public String outcome;
        public Map<String, String> from;
        public Map<String, String> to;
        public String reason;
    }

    public Long observedGeneration;

    public List<Condition> conditions = new ArrayList<>();

    public List<Decision> decisions = new ArrayList<>();

    @PrinterColumn(name = "Pending")
    public Integer pending = 0;
}
