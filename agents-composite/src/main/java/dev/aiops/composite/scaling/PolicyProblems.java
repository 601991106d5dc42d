package dev.aiops.composite.scaling;

import dev.aiops.composite.scaling.crd.ScalingPolicy;
import dev.aiops.composite.scaling.crd.ScalingPolicySpec;
import dev.aiops.domain.diagnosis.Quantities;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What is wrong with a policy, each problem with its field ({@code spec.targets[1].namespace: ...}). The CRD's
 * schema catches most of this at admission; an API server without it (or an older CRD) does not, so the operator
 * checks again and reports in the policy's status instead of acting.
 */
final class PolicyProblems {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern WINDOW = Pattern.compile("[0-9]+[mhd]");
    private static final Pattern INTERVAL = Pattern.compile("[0-9]+[smhd]");

    private PolicyProblems() {
    }

    static List<String> of(ScalingPolicy p) {
        List<String> out = new ArrayList<>();
        ScalingPolicySpec s = p.getSpec();
        if (s == null) {
            out.add("spec: missing");
            return out;
        }
        if (s.targets == null || s.targets.isEmpty()) out.add("spec.targets: at least one target is needed");
        for (int i = 0; s.targets != null && i < s.targets.size(); i++) {
            ScalingPolicySpec.Target t = s.targets.get(i);
            if (t == null || t.namespace == null || !NAME.matcher(t.namespace).matches()) {
                out.add("spec.targets[" + i + "].namespace: '" + (t == null ? null : t.namespace)
                        + "' is not a namespace name");
            }
        }
        if (s.mode == null) out.add("spec.mode: must be recommend, dry-run or apply");
        ScalingPolicySpec.Bounds b = s.bounds;
        if (b != null) {
            if (b.maxUp != null && !(b.maxUp >= 1)) out.add("spec.bounds.maxUp: must be at least 1, not " + b.maxUp);
            if (b.maxDown != null && !(b.maxDown >= 0 && b.maxDown <= 1)) {
                out.add("spec.bounds.maxDown: must be between 0 and 1, not " + b.maxDown);
            }
            if (b.minConfidence != null && !(b.minConfidence >= 0 && b.minConfidence <= 1)) {
                out.add("spec.bounds.minConfidence: must be between 0 and 1, not " + b.minConfidence);
            }
            if (b.minCpu != null && !(Quantities.parse(b.minCpu) >= 0)) {
                out.add("spec.bounds.minCpu: '" + b.minCpu + "' is not a CPU quantity");
            }
            if (b.minMemory != null && !(Quantities.parse(b.minMemory) >= 0)) {
                out.add("spec.bounds.minMemory: '" + b.minMemory + "' is not a memory quantity");
            }
        }
        if (s.approval != null && !s.approval.equals("outside-bounds") && !s.approval.equals("always")) {
            out.add("spec.approval: must be outside-bounds or always, not '" + s.approval + "'");
        }
        if (s.window != null && !WINDOW.matcher(s.window).matches()) {
            out.add("spec.window: '" + s.window + "' is not a duration such as 14d");
        }
        if (s.interval != null && !INTERVAL.matcher(s.interval).matches()) {
            out.add("spec.interval: '" + s.interval + "' is not a duration such as 5m");
        }
        if (s.cooldown != null && !INTERVAL.matcher(s.cooldown).matches()) {
            out.add("spec.cooldown: '" + s.cooldown + "' is not a duration such as 1h");
        }
        for (int i = 0; s.notify != null && i < s.notify.size(); i++) {
            ScalingPolicySpec.Sink k = s.notify.get(i);
            if (k == null || k.type == null || !k.type.matches("slack|cloudevents|stdout")) {
                out.add("spec.notify[" + i + "].type: must be slack, cloudevents or stdout");
            } else if (!k.type.equals("stdout") && (k.url == null || !k.url.startsWith("http"))) {
                out.add("spec.notify[" + i + "].url: an http(s) URL is needed for " + k.type);
            }
        }
        return out;
    }
}
