package dev.aiops.domain.spec;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The Kubernetes objects a {@link DeploymentSpec} implies for one environment, built with fabric8's model
 * builders, in the order they are applied: ServiceAccount, Service, Deployment or StatefulSet,
 * HorizontalPodAutoscaler (autoscaling/v2), PodDisruptionBudget (policy/v1) and PrometheusRule
 * (monitoring.coreos.com/v1). ConfigMaps and Secrets are referenced, never rendered. The same spec and
 * environment always give the same objects, names and bytes.
 */
public final class SpecRenderer {

    /** The label every rendered object carries. */
    public static final String MANAGED_BY = "aiops";

    /** The kinds rendered, in the order they are applied; a StatefulSet takes a Deployment's place. */
    private static final List<String> KIND_ORDER = List.of("ServiceAccount", "Service", "Deployment",
            "HorizontalPodAutoscaler", "PodDisruptionBudget", "PrometheusRule");

    private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();

    private SpecRenderer() {
    }

    /**
     * The objects of {@code spec} in {@code environment}.
     *
     * @throws IllegalArgumentException when the spec has no such environment
     */
    public static List<HasMetadata> render(DeploymentSpec spec, String environment) {
        EnvironmentSpec at = spec.forEnvironment(environment);
        Map<String, String> labels = labels(spec, at);
        Map<String, String> selector = Map.of("app.kubernetes.io/name", spec.name());
        List<HasMetadata> out = new ArrayList<>();
        out.add(new ServiceAccountBuilder().withMetadata(meta(spec, at, spec.name(), labels))
                .withAutomountServiceAccountToken(Boolean.TRUE.equals(spec.security().automountServiceAccountToken()))
                .build());
        if (spec.stateful() || !spec.ports().isEmpty()) out.add(service(spec, at, labels, selector));
        PodTemplateSpec template = PodTemplates.template(spec, at, labels);
        out.add(spec.stateful() ? statefulSet(spec, at, labels, selector, template)
                : deployment(spec, at, labels, selector, template));
        if (at.autoscaling() != null) out.add(autoscaler(spec, at, labels));
        if (spec.disruptionBudget() != null) out.add(disruptionBudget(spec, at, labels, selector));
        List<Map<String, Object>> groups = SloRules.groups(spec, at);
        if (!groups.isEmpty()) {
            Map<String, String> ruleLabels = new LinkedHashMap<>(labels);
            if (spec.monitoring() != null) ruleLabels.putAll(spec.monitoring().ruleLabels());
            out.add(new GenericKubernetesResourceBuilder().withApiVersion("monitoring.coreos.com/v1")
                    .withKind("PrometheusRule").withMetadata(meta(spec, at, spec.name(), ruleLabels))
                    .addToAdditionalProperties("spec", Map.of("groups", groups)).build());
        }
        return out;
    }

    /** The objects as the API would serve them, as Jackson trees (what the diagnosis reads). */
    public static List<ObjectNode> manifests(DeploymentSpec spec, String environment) {
        return render(spec, environment).stream().map(SpecRenderer::tree).toList();
    }

    /**
     * One YAML document per object by file name, in apply order. Names are the kind's place in that order, the
     * kind and the object's name ({@code 03-deployment-orders-api.yaml}), so an object has the same file name in
     * every environment.
     */
    public static Map<String, String> files(DeploymentSpec spec, String environment) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ObjectNode o : manifests(spec, environment)) {
            String kind = o.path("kind").asString();
            int place = KIND_ORDER.indexOf(kind.equals("StatefulSet") ? "Deployment" : kind);
            String name = String.format(Locale.ROOT, "%02d-%s-%s.yaml", place + 1,
                    kind.toLowerCase(Locale.ROOT), o.path("metadata").path("name").asString());
            out.put(name, YAML.writeValueAsString(o));
        }
        return out;
    }

    /**
     * Writes {@link #files} into {@code dir} (created when missing), replacing files of the same name.
     *
     * @return the files written, in apply order
     * @throws UncheckedIOException when a file cannot be written
     */
    public static List<Path> write(DeploymentSpec spec, String environment, Path dir) {
        Map<String, String> files = files(spec, environment);
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> f : files.entrySet()) {
                written.add(Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write: " + e.getMessage(), e);
        }
        return written;
    }

    private static ObjectNode tree(HasMetadata o) {
        return (ObjectNode) JSON.readTree(FABRIC8.asJson(o));
    }

    private static Map<String, String> labels(DeploymentSpec spec, EnvironmentSpec at) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", spec.name());
        labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
        labels.put("environment", at.environment());
        labels.put("team", spec.service().team());
        return labels;
    }

    private static ObjectMeta meta(DeploymentSpec spec, EnvironmentSpec at, String name, Map<String, String> labels) {
        ObjectMetaBuilder m = new ObjectMetaBuilder().withName(name).withNamespace(at.namespace()).withLabels(labels);
        if (spec.service().owner() != null) m.addToAnnotations("aiops.dev/owner", spec.service().owner());
        return m.build();
    }

    private static LabelSelector selector(Map<String, String> selector) {
        return new LabelSelectorBuilder().withMatchLabels(selector).build();
    }

    private static HasMetadata service(DeploymentSpec spec, EnvironmentSpec at, Map<String, String> labels,
                                       Map<String, String> selector) {
        List<ServicePort> ports = new ArrayList<>();
        for (DeploymentSpec.Port p : spec.ports()) {
            ports.add(new ServicePortBuilder().withName(p.name()).withPort(p.port())
                    .withTargetPort(PodTemplates.intOrString(p.name()))
                    .withProtocol(p.protocol() == null ? "TCP" : p.protocol()).build());
        }
        // a StatefulSet's governing Service is headless, so each pod gets a stable DNS name
        return new ServiceBuilder().withMetadata(meta(spec, at, spec.name(), labels))
                .withNewSpec().withType(spec.stateful() ? null : "ClusterIP")
                .withClusterIP(spec.stateful() ? "None" : null)
                .withSelector(selector).withPorts(ports.isEmpty() ? null : ports).endSpec()
                .build();
    }

    private static HasMetadata deployment(DeploymentSpec spec, EnvironmentSpec at, Map<String, String> labels,
                                          Map<String, String> selector, PodTemplateSpec template) {
        Rollout r = spec.rollout();
        return new DeploymentBuilder().withMetadata(meta(spec, at, spec.name(), labels))
                .withNewSpec()
                // with an autoscaler the count is its to set: a replicas field would reset it on every apply
                .withReplicas(at.autoscaling() != null ? null : at.replicas())
                .withProgressDeadlineSeconds(r.progressDeadlineSeconds() == null ? 600 : r.progressDeadlineSeconds())
                .withSelector(selector(selector))
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(PodTemplates.intOrString(r.maxSurge() == null ? "25%" : r.maxSurge()))
                .withMaxUnavailable(PodTemplates.intOrString(r.maxUnavailable() == null ? "0" : r.maxUnavailable()))
                .endRollingUpdate().endStrategy()
                .withTemplate(template)
                .endSpec()
                .build();
    }

    private static HasMetadata statefulSet(DeploymentSpec spec, EnvironmentSpec at, Map<String, String> labels,
                                           Map<String, String> selector, PodTemplateSpec template) {
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        for (DeploymentSpec.Volume v : spec.storage()) {
            claims.add(new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName(v.name()).endMetadata()
                    .withNewSpec().withAccessModes(v.accessModes()).withStorageClassName(v.storageClass())
                    .withNewResources().addToRequests("storage", new Quantity(v.size())).endResources()
                    .endSpec().build());
        }
        return new StatefulSetBuilder().withMetadata(meta(spec, at, spec.name(), labels))
                .withNewSpec()
                .withServiceName(spec.name())
                .withReplicas(at.autoscaling() != null ? null : at.replicas())
                .withSelector(selector(selector))
                .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                .withTemplate(template)
                .withVolumeClaimTemplates(claims.isEmpty() ? null : claims)
                .endSpec()
                .build();
    }

    private static HasMetadata autoscaler(DeploymentSpec spec, EnvironmentSpec at, Map<String, String> labels) {
        Autoscaling a = at.autoscaling();
        return new HorizontalPodAutoscalerBuilder().withMetadata(meta(spec, at, spec.name(), labels))
                .withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1")
                .withKind(spec.stateful() ? "StatefulSet" : "Deployment").withName(spec.name()).endScaleTargetRef()
                .withMinReplicas(a.minReplicas()).withMaxReplicas(a.maxReplicas())
                .addNewMetric().withType("Resource").withNewResource().withName("cpu")
                .withNewTarget().withType("Utilization").withAverageUtilization(a.targetCPUUtilizationPercent())
                .endTarget().endResource().endMetric()
                .endSpec()
                .build();
    }

    private static HasMetadata disruptionBudget(DeploymentSpec spec, EnvironmentSpec at, Map<String, String> labels,
                                                Map<String, String> selector) {
        DisruptionBudget b = spec.disruptionBudget();
        return new PodDisruptionBudgetBuilder().withMetadata(meta(spec, at, spec.name(), labels))
                .withNewSpec()
                .withMinAvailable(b.minAvailable() == null ? null : PodTemplates.intOrString(b.minAvailable()))
                .withMaxUnavailable(b.maxUnavailable() == null ? null : PodTemplates.intOrString(b.maxUnavailable()))
                .withSelector(selector(selector))
                .endSpec()
                .build();
    }
}
