package dev.aiops.composite.scaling;

import dev.aiops.composite.scaling.crd.ScalingPolicy;
import dev.aiops.composite.scaling.crd.ScalingPolicySpec;
import java.util.List;
import java.util.function.Consumer;

/** The policy the operator tests start from: the demo's shop namespace, any confidence, apply allowed there. */
final class ShopPolicy {

    static final String NAMESPACE = "aiops-system";

    private ShopPolicy() {
    }

    static ScalingPolicy of(Consumer<ScalingPolicySpec> change) {
        ScalingPolicy p = new ScalingPolicy();
        p.getMetadata().setName("shop");
        p.getMetadata().setNamespace(NAMESPACE);
        ScalingPolicySpec s = new ScalingPolicySpec();
        ScalingPolicySpec.Target t = new ScalingPolicySpec.Target();
        t.namespace = "shop";
        s.targets.add(t);
        s.bounds.minConfidence = 0.0;
        s.applyNamespaces = List.of("shop");
        change.accept(s);
        p.setSpec(s);
        return p;
    }
}
