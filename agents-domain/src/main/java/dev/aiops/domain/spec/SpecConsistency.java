package dev.aiops.domain.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the schema cannot say: fields of a spec that contradict each other. */
final class SpecConsistency {

    /** One contradiction, at the JSON pointer of the field to change. */
    record Contradiction(String pointer, String message) {
    }

    private SpecConsistency() {
    }

    static List<Contradiction> check(DeploymentSpec spec) {
        List<Contradiction> out = new ArrayList<>();
        Set<String> portNames = new HashSet<>();
        Set<Integer> portNumbers = new HashSet<>();
        for (int i = 0; i < spec.ports().size(); i++) {
            DeploymentSpec.Port p = spec.ports().get(i);
            if (!portNames.add(p.name())) out.add(new Contradiction("/ports/" + i + "/name", "port name " + p.name()
                    + " is declared twice"));
            if (!portNumbers.add(p.port())) out.add(new Contradiction("/ports/" + i + "/port", "port " + p.port()
                    + " is declared twice"));
        }
        probePorts(spec, portNames, out);
        unique(spec.env().stream().map(DeploymentSpec.EnvVar::name).toList(), "/env/", "/name", "variable", out);
        unique(spec.migrations().stream().map(Migration::name).toList(), "/migrations/", "/name", "migration", out);
        unique(spec.dependencies().stream().map(Dependency::name).toList(), "/dependencies/", "/name", "dependency", out);
        mountPaths(spec, out);
        if (spec.autoscaling() != null) bounds(spec.autoscaling(), "/autoscaling", out);
        spec.environments().forEach((name, e) -> {
            if (e.autoscaling() == null) return;
            Autoscaling merged = Autoscaling.override(spec.autoscaling(), e.autoscaling());
            if (merged == null) return;
            String at = "/environments/" + name + "/autoscaling";
            if (!merged.complete()) {
                out.add(new Contradiction(at, "turns autoscaling on but the spec sets none to complete it: give"
                        + " minReplicas, maxReplicas and targetCPUUtilizationPercent"));
            } else if (spec.autoscaling() == null || e.autoscaling().minReplicas() != null
                    || e.autoscaling().maxReplicas() != null) {
                // bounds inherited unchanged were checked at /autoscaling
                bounds(merged, at, out);
            }
        });
        if (spec.stateful()) {
            Rollout r = spec.rollout();
            if (r.maxSurge() != null) out.add(statelessOnly("/rollout/maxSurge", "maxSurge"));
            if (r.maxUnavailable() != null) out.add(statelessOnly("/rollout/maxUnavailable", "maxUnavailable"));
            if (r.progressDeadlineSeconds() != null) {
                out.add(statelessOnly("/rollout/progressDeadlineSeconds", "progressDeadlineSeconds"));
            }
        } else if (!spec.storage().isEmpty()) {
            out.add(new Contradiction("/storage", "storage needs workload: stateful (a StatefulSet gives each pod its"
                    + " own claim; a Deployment's pods would share one)"));
        }
        return out;
    }

    private static Contradiction statelessOnly(String pointer, String field) {
        return new Contradiction(pointer, field + " applies to stateless workloads only (a StatefulSet replaces its"
                + " pods one at a time, in order)");
    }

    private static void probePorts(DeploymentSpec spec, Set<String> portNames, List<Contradiction> out) {
        Map<String, Probes.Probe> probes = new java.util.LinkedHashMap<>();
        probes.put("liveness", spec.probes().liveness());
        probes.put("readiness", spec.probes().readiness());
        probes.put("startup", spec.probes().startup());
        probes.forEach((kind, probe) -> {
            if (probe == null || probe.port() == null || probe.port().matches("\\d+")) return;
            if (!portNames.contains(probe.port())) {
                out.add(new Contradiction("/probes/" + kind + "/" + (probe.http() != null ? "http" : "tcp") + "/port",
                        "port " + probe.port() + " is not one of ports (" + (portNames.isEmpty() ? "none declared"
                        : String.join(", ", new java.util.TreeSet<>(portNames))) + ")"));
            }
        });
    }

    private static void unique(List<String> names, String prefix, String suffix, String what, List<Contradiction> out) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (!seen.add(names.get(i))) {
                out.add(new Contradiction(prefix + i + suffix, what + " " + names.get(i) + " is declared twice"));
            }
        }
    }

    /** Two volumes mounted at one path stop the pod from being created. */
    private static void mountPaths(DeploymentSpec spec, List<Contradiction> out) {
        Map<String, String> seen = new HashMap<>();
        List<String[]> mounts = new ArrayList<>();
        for (int i = 0; i < spec.configMaps().size(); i++) {
            mounts.add(new String[] {"/configMaps/" + i + "/mountPath", spec.configMaps().get(i).mountPath()});
        }
        for (int i = 0; i < spec.secrets().size(); i++) {
            mounts.add(new String[] {"/secrets/" + i + "/mountPath", spec.secrets().get(i).mountPath()});
        }
        for (int i = 0; i < spec.security().writablePaths().size(); i++) {
            mounts.add(new String[] {"/security/writablePaths/" + i, spec.security().writablePaths().get(i)});
        }
        for (int i = 0; i < spec.storage().size(); i++) {
            mounts.add(new String[] {"/storage/" + i + "/mountPath", spec.storage().get(i).mountPath()});
        }
        for (String[] m : mounts) {
            if (m[1] == null) continue;
            String first = seen.putIfAbsent(m[1], m[0]);
            if (first != null) out.add(new Contradiction(m[0], m[1] + " is already mounted by " + first));
        }
    }

    private static void bounds(Autoscaling a, String at, List<Contradiction> out) {
        if (a.minReplicas() != null && a.maxReplicas() != null && a.minReplicas() > a.maxReplicas()) {
            out.add(new Contradiction(at + "/minReplicas", "minReplicas " + a.minReplicas() + " is greater than"
                    + " maxReplicas " + a.maxReplicas()));
        }
    }
}
