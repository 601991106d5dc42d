package dev.aiops.composite.scaling;

import dev.aiops.composite.scaling.crd.ScalingPolicy;
import dev.aiops.composite.scaling.crd.ScalingPolicyStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Reads ScalingPolicy objects as the API server stores them and turns each into the typed policy, so one object
 * with a field of the wrong type is reported in its own status, with the field, instead of failing the list.
 */
final class Policies {

    /** A stored policy, its typed form (null when it cannot be read) and what is wrong with it. */
    record Read(GenericKubernetesResource stored, ScalingPolicy policy, List<String> problems) {
        String key() {
            return stored.getMetadata().getNamespace() + "/" + stored.getMetadata().getName();
        }
    }

    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(ScalingPolicy.GROUP).withVersion(ScalingPolicy.VERSION).withKind("ScalingPolicy")
            .withPlural("scalingpolicies").withNamespaced(true).build();

    private final KubernetesClient client;
    private final KubernetesSerialization json;

    Policies(KubernetesClient client) {
        this.client = client;
        this.json = client.getKubernetesSerialization();
    }

    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> api() {
        return client.genericKubernetesResources(CONTEXT);
    }

    List<Read> all() {
        List<Read> out = new ArrayList<>();
        for (GenericKubernetesResource g : api().inAnyNamespace().list().getItems()) out.add(read(g));
        return out;
    }

    Read read(GenericKubernetesResource g) {
        try {
            ScalingPolicy p = json.convertValue(g, ScalingPolicy.class);
            return new Read(g, p, PolicyProblems.of(p));
        } catch (IllegalArgumentException | JacksonException e) {
            return new Read(g, null, List.of(problem(e)));
        }
    }

    /** {@code spec.mode: 'bogus' is not valid: ...} from a conversion failure, with the field's path. */
    static String problem(Exception e) {
        Throwable t = e;
        while (t != null && !(t instanceof DatabindException)) t = t.getCause();
        if (t instanceof DatabindException d) {
            StringBuilder path = new StringBuilder();
            for (JacksonException.Reference r : d.getPath()) {
                if (r.getPropertyName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(r.getPropertyName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            return (path.length() == 0 ? "spec" : path) + ": " + d.getOriginalMessage().lines().findFirst().orElse("");
        }
        return "spec: " + e.getMessage();
    }

    /** Writes {@code status} into the policy's status subresource. */
    void writeStatus(Read r, ScalingPolicyStatus status) {
        GenericKubernetesResource g = api().inNamespace(r.stored().getMetadata().getNamespace())
                .withName(r.stored().getMetadata().getName()).get();
        if (g == null) return;
        @SuppressWarnings("unchecked")
        Map<String, Object> s = json.convertValue(status, Map.class);
        g.setAdditionalProperty("status", s);
        api().inNamespace(g.getMetadata().getNamespace()).resource(g).updateStatus();
    }
}
