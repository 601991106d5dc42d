package dev.aiops.composite.scaling.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** The desired behaviour of the operator for the workloads a policy selects. */
public class ScalingPolicySpec {

    /** What the operator does with a recommendation. */
    public enum Mode {
        /** Record the decision; change nothing (the default). */
        @JsonProperty("recommend") RECOMMEND,
        /** Send the patch as a server-side dry run; change nothing. */
        @JsonProperty("dry-run") DRY_RUN,
        /** Patch the workload when within bounds and allowed; otherwise ask for approval. */
        @JsonProperty("apply") APPLY
    }

    /** Workloads in one namespace, optionally only those whose labels match. */
    public static class Target {
        @Required
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        public String namespace;
        /** An equality-based label selector ({@code app=web,tier!=cache}); empty selects all. */
        public String selector;
    }

    /** Limits on automatic changes; a change outside them needs approval. */
    public static class Bounds {
        /** The largest factor a request may grow by without approval. */
        @Default("2.0")
        @io.fabric8.generator.annotation.Min(1.0)
        public Double maxUp = 2.0;
        /** The smallest factor a request may shrink to without approval. */
        @Default("0.5")
        @io.fabric8.generator.annotation.Min(0.0)
        @io.fabric8.generator.annotation.Max(1.0)
        public Double maxDown = 0.5;
        /** Never below this CPU request. */
        @Default("10m")
        public String minCpu = "10m";
        /** Never below this memory request. */
        @Default("64Mi")
        public String minMemory = "64Mi";
        /** Recommendations with less confidence are never applied. */
        @Default("0.5")
        @io.fabric8.generator.annotation.Min(0.0)
        @io.fabric8.generator.annotation.Max(1.0)
        public Double minConfidence = 0.5;
    }

    /** A notification sink: where applied changes and pending approvals are announced. */
    public static class Sink {
        @Required
        @Pattern("^(slack|cloudevents|stdout)$")
        public String type;
        /** The webhook URL (slack, cloudevents). */
        public String url;
    }

    @Required
    @Size(min = 1)
    public List<Target> targets = new ArrayList<>();

    @PrinterColumn(name = "Mode")
    @Default("recommend")
    public Mode mode = Mode.RECOMMEND;

    public Bounds bounds = new Bounds();

    /** Namespaces where apply mode may patch; empty: none (apply then only asks for approval). */
    public List<String> applyNamespaces = new ArrayList<>();

    /** {@code outside-bounds} (the default) asks for approval only beyond the bounds; {@code always} for every change. */
    @Default("outside-bounds")
    @Pattern("^(outside-bounds|always)$")
    public String approval = "outside-bounds";

    public List<Sink> notify = new ArrayList<>();

    /** The kill switch: a paused policy makes no decision and changes nothing. */
    @PrinterColumn(name = "Paused")
    public Boolean paused = false;

    /** History the advisor reads. */
    @Default("14d")
    @Pattern("^[0-9]+[mhd]$")
    public String window = "14d";

    /** How often every workload is reconsidered even without an event. */
    @Default("5m")
    @Pattern("^[0-9]+[smh]$")
    public String interval = "5m";

    /** How long after a change to a workload no other change is made to it. */
    @Default("1h")
    @Pattern("^[0-9]+[smhd]$")
    public String cooldown = "1h";
}
