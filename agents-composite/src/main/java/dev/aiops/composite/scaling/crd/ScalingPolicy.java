package dev.aiops.composite.scaling.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * What the scaling operator may do, where, and within which bounds: {@code scalingpolicies.aiops.dev}. The CRD is
 * generated from these types at build time ({@code META-INF/fabric8/scalingpolicies.aiops.dev-v1.yml}).
 */
@Group(ScalingPolicy.GROUP)
@Version(ScalingPolicy.VERSION)
@Kind("ScalingPolicy")
@Plural("scalingpolicies")
@ShortNames("spol")
public final class ScalingPolicy extends CustomResource<ScalingPolicySpec, ScalingPolicyStatus> implements Namespaced {

    public static final String GROUP = "aiops.dev";
    public static final String VERSION = "v1alpha1";
}
