package dev.aiops.domain.spec;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pod template a spec implies, hardened unless the spec says otherwise. */
final class PodTemplates {

    private PodTemplates() {
    }

    static PodTemplateSpec template(DeploymentSpec spec, EnvironmentSpec at, Map<String, String> labels) {
        DeploymentSpec.Security sec = spec.security();
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        mountSources(spec, volumes, mounts);
        for (String path : sec.writablePaths()) {
            String name = volumeName("writable" + path.replaceAll("[^a-z0-9]+", "-"));
            volumes.add(new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build());
            mounts.add(new VolumeMountBuilder().withName(name).withMountPath(path).build());
        }
        for (DeploymentSpec.Volume v : spec.storage()) {
            mounts.add(new VolumeMountBuilder().withName(v.name()).withMountPath(v.mountPath()).build());
        }
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withServiceAccountName(spec.name())
                .withAutomountServiceAccountToken(bool(sec.automountServiceAccountToken(), false))
                .withSecurityContext(new PodSecurityContextBuilder()
                        .withRunAsNonRoot(bool(sec.runAsNonRoot(), true))
                        .withRunAsUser(sec.runAsUser() == null ? null : sec.runAsUser().longValue())
                        .withRunAsGroup(sec.runAsGroup() == null ? null : sec.runAsGroup().longValue())
                        .withFsGroup(sec.fsGroup() == null ? null : sec.fsGroup().longValue())
                        .withNewSeccompProfile().withType(sec.seccompProfile() == null ? "RuntimeDefault"
                                : sec.seccompProfile()).endSeccompProfile()
                        .build())
                .withContainers(container(spec, at, mounts))
                .withVolumes(volumes.isEmpty() ? null : volumes)
                .endSpec()
                .build();
    }

    private static Container container(DeploymentSpec spec, EnvironmentSpec at, List<VolumeMount> mounts) {
        DeploymentSpec.Security sec = spec.security();
        ContainerBuilder c = new ContainerBuilder()
                .withName(spec.name())
                .withImage(spec.image().reference())
                .withCommand(spec.command().isEmpty() ? null : spec.command())
                .withArgs(spec.args().isEmpty() ? null : spec.args());
        for (DeploymentSpec.Port p : spec.ports()) {
            c.addToPorts(new ContainerPortBuilder().withName(p.name()).withContainerPort(p.port())
                    .withProtocol(p.protocol() == null ? "TCP" : p.protocol()).build());
        }
        List<EnvVar> env = at.env().stream().map(PodTemplates::envVar).toList();
        List<EnvFromSource> envFrom = new ArrayList<>();
        for (DeploymentSpec.SourceRef s : spec.configMaps()) {
            if (s.mountPath() == null) {
                envFrom.add(new EnvFromSourceBuilder().withNewConfigMapRef().withName(s.name()).endConfigMapRef().build());
            }
        }
        for (DeploymentSpec.SourceRef s : spec.secrets()) {
            if (s.mountPath() == null) {
                envFrom.add(new EnvFromSourceBuilder().withNewSecretRef().withName(s.name()).endSecretRef().build());
            }
        }
        c.withEnv(env.isEmpty() ? null : env).withEnvFrom(envFrom.isEmpty() ? null : envFrom);
        if (!at.resources().requests().isEmpty() || !at.resources().limits().isEmpty()) {
            c.withResources(new ResourceRequirementsBuilder()
                    .withRequests(at.resources().requests().isEmpty() ? null : quantities(at.resources().requests()))
                    .withLimits(at.resources().limits().isEmpty() ? null : quantities(at.resources().limits()))
                    .build());
        }
        c.withLivenessProbe(probe(spec.probes().liveness()))
                .withReadinessProbe(probe(spec.probes().readiness()))
                .withStartupProbe(probe(spec.probes().startup()));
        c.withSecurityContext(new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(bool(sec.allowPrivilegeEscalation(), false))
                .withReadOnlyRootFilesystem(bool(sec.readOnlyRootFilesystem(), true))
                .withNewCapabilities().withDrop("ALL")
                .withAdd(sec.addCapabilities().isEmpty() ? null : sec.addCapabilities()).endCapabilities()
                .build());
        c.withVolumeMounts(mounts.isEmpty() ? null : mounts);
        return c.build();
    }

    /** ConfigMaps and Secrets with a mount path become read-only volumes; the others are loaded as variables. */
    private static void mountSources(DeploymentSpec spec, List<Volume> volumes, List<VolumeMount> mounts) {
        for (DeploymentSpec.SourceRef s : spec.configMaps()) {
            if (s.mountPath() == null) continue;
            String name = "config-" + s.name();
            volumes.add(new VolumeBuilder().withName(name).withNewConfigMap().withName(s.name()).endConfigMap().build());
            mounts.add(new VolumeMountBuilder().withName(name).withMountPath(s.mountPath()).withReadOnly(true).build());
        }
        for (DeploymentSpec.SourceRef s : spec.secrets()) {
            if (s.mountPath() == null) continue;
            String name = "secret-" + s.name();
            volumes.add(new VolumeBuilder().withName(name).withNewSecret().withSecretName(s.name()).endSecret().build());
            mounts.add(new VolumeMountBuilder().withName(name).withMountPath(s.mountPath()).withReadOnly(true).build());
        }
    }

    private static EnvVar envVar(DeploymentSpec.EnvVar v) {
        EnvVarBuilder b = new EnvVarBuilder().withName(v.name());
        if (v.configMapKeyRef() != null) {
            return b.withNewValueFrom().withNewConfigMapKeyRef().withName(v.configMapKeyRef().name())
                    .withKey(v.configMapKeyRef().key()).endConfigMapKeyRef().endValueFrom().build();
        }
        if (v.secretKeyRef() != null) {
            return b.withNewValueFrom().withNewSecretKeyRef().withName(v.secretKeyRef().name())
                    .withKey(v.secretKeyRef().key()).endSecretKeyRef().endValueFrom().build();
        }
        return b.withValue(v.value()).build();
    }

    private static Probe probe(Probes.Probe p) {
        if (p == null) return null;
        ProbeBuilder b = new ProbeBuilder()
                .withInitialDelaySeconds(p.initialDelaySeconds())
                .withPeriodSeconds(p.periodSeconds())
                .withTimeoutSeconds(p.timeoutSeconds())
                .withFailureThreshold(p.failureThreshold());
        if (p.http() != null) {
            b.withNewHttpGet().withPath(p.http().path()).withPort(intOrString(p.http().port())).endHttpGet();
        } else if (p.tcp() != null) {
            b.withNewTcpSocket().withPort(intOrString(p.tcp().port())).endTcpSocket();
        } else {
            b.withNewExec().withCommand(p.exec().command()).endExec();
        }
        return b.build();
    }

    /** {@code 3} as a number, {@code 25%} or {@code http} as a string, as Kubernetes reads them. */
    static IntOrString intOrString(String text) {
        return text.matches("\\d+") ? new IntOrString(Integer.parseInt(text)) : new IntOrString(text);
    }

    static Map<String, Quantity> quantities(Map<String, String> amounts) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        // cpu, memory, then the rest: stable whatever the file's order
        for (String key : List.of("cpu", "memory", "ephemeral-storage")) {
            if (amounts.containsKey(key)) out.put(key, new Quantity(amounts.get(key)));
        }
        return out;
    }

    /** A DNS label: at most 63 characters, no dash at the end. */
    private static String volumeName(String name) {
        String cut = name.length() > 63 ? name.substring(0, 63) : name;
        return cut.replaceAll("-+$", "");
    }

    private static boolean bool(Boolean value, boolean otherwise) {
        return value == null ? otherwise : value;
    }
}
