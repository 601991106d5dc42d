package dev.aiops.composite.scaling;

import dev.aiops.domain.scaling.Resources;
import dev.aiops.domain.scaling.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Sets container requests (and the memory limit) of a Deployment, StatefulSet or DaemonSet through fabric8's edit
 * (a JSON patch of the difference), as a server-side dry run or for real; a real change also stamps
 * {@value #LAST_SCALED} for cooldowns.
 */
final class WorkloadPatcher {

    static final String LAST_SCALED = "aiops.dev/last-scaled";
    private static final long MIB = 1024 * 1024;

    private WorkloadPatcher() {
    }

    static boolean patchable(Workload w) {
        return w.kind().equals("Deployment") || w.kind().equals("StatefulSet") || w.kind().equals("DaemonSet");
    }

    static void patch(KubernetesClient client, Workload w, Map<String, Resources> containers, boolean dryRun,
                      Instant now) {
        switch (w.kind()) {
            case "Deployment" -> edit(client.apps().deployments().inNamespace(w.namespace()).withName(w.name()),
                    dryRun, d -> change(d, d.getSpec().getTemplate().getSpec(), containers, dryRun, now));
            case "StatefulSet" -> edit(client.apps().statefulSets().inNamespace(w.namespace()).withName(w.name()),
                    dryRun, d -> change(d, d.getSpec().getTemplate().getSpec(), containers, dryRun, now));
            case "DaemonSet" -> edit(client.apps().daemonSets().inNamespace(w.namespace()).withName(w.name()),
                    dryRun, d -> change(d, d.getSpec().getTemplate().getSpec(), containers, dryRun, now));
            default -> throw new IllegalArgumentException(w + " cannot be resized by the operator");
        }
    }

    private static <T extends HasMetadata> void edit(Resource<T> op, boolean dryRun, UnaryOperator<T> change) {
        if (dryRun) {
            op.dryRun().edit(change);
        } else {
            op.edit(change);
        }
    }

    private static <T extends HasMetadata> T change(T object, PodSpec spec, Map<String, Resources> containers,
                                                    boolean dryRun, Instant now) {
        for (Container c : spec.getContainers()) {
            Resources r = containers.get(c.getName());
            if (r == null) continue;
            ResourceRequirements req = c.getResources() == null ? new ResourceRequirements() : c.getResources();
            Map<String, Quantity> requests = new HashMap<>(req.getRequests() == null ? Map.of() : req.getRequests());
            Map<String, Quantity> limits = new HashMap<>(req.getLimits() == null ? Map.of() : req.getLimits());
            requests.put("cpu", new Quantity(Math.round(r.cpuRequest() * 1000) + "m"));
            requests.put("memory", new Quantity(bytes(r.memoryRequest())));
            if (!Double.isNaN(r.memoryLimit())) limits.put("memory", new Quantity(bytes(r.memoryLimit())));
            req.setRequests(requests);
            req.setLimits(limits);
            c.setResources(req);
        }
        if (!dryRun) {
            Map<String, String> annotations = new HashMap<>(object.getMetadata().getAnnotations() == null ? Map.of()
                    : object.getMetadata().getAnnotations());
            annotations.put(LAST_SCALED, now.toString());
            object.getMetadata().setAnnotations(annotations);
        }
        return object;
    }

    private static String bytes(double b) {
        long v = Math.round(b);
        return v % MIB == 0 ? v / MIB + "Mi" : String.valueOf(v);
    }
}
