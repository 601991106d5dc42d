package dev.aiops.domain.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one service is deployed and operated ({@code apiVersion: aiops.dev/v1}, {@code kind: DeploymentSpec}),
 * as read from YAML by {@link SpecReader} and checked against {@code skills/schema/deployment-spec.schema.json}.
 * Lists and maps are never null (empty when the file leaves them out); optional objects and numbers are null
 * when absent. {@link #forEnvironment(String)} applies an environment's overrides.
 */
public record DeploymentSpec(
        String apiVersion,
        String kind,
        Service service,
        Workload workload,
        Image image,
        List<String> command,
        List<String> args,
        List<Port> ports,
        List<EnvVar> env,
        List<SourceRef> configMaps,
        List<SourceRef> secrets,
        Resources resources,
        Probes probes,
        Integer replicas,
        Autoscaling autoscaling,
        Rollout rollout,
        DisruptionBudget disruptionBudget,
        Slos slos,
        Monitoring monitoring,
        List<Dependency> dependencies,
        List<Migration> migrations,
        Security security,
        List<Volume> storage,
        Map<String, Environment> environments) {

    /** The environments a spec may name, in the order they are promoted through. */
    public static final List<String> ENVIRONMENTS = List.of("dev", "staging", "production");

    public DeploymentSpec {
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        ports = ports == null ? List.of() : List.copyOf(ports);
        env = env == null ? List.of() : List.copyOf(env);
        configMaps = configMaps == null ? List.of() : List.copyOf(configMaps);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        resources = resources == null ? Resources.NONE : resources;
        probes = probes == null ? new Probes(null, null, null) : probes;
        rollout = rollout == null ? new Rollout(null, null, null, null) : rollout;
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        migrations = migrations == null ? List.of() : List.copyOf(migrations);
        security = security == null ? Security.HARDENED : security;
        storage = storage == null ? List.of() : List.copyOf(storage);
        // in promotion order, whatever the file's order
        Map<String, Environment> ordered = new LinkedHashMap<>();
        Map<String, Environment> given = environments == null ? Map.of() : environments;
        for (String name : ENVIRONMENTS) {
            if (given.containsKey(name)) ordered.put(name, given.get(name));
        }
        given.forEach(ordered::putIfAbsent);
        environments = java.util.Collections.unmodifiableMap(ordered);
    }

    /** Which workload the spec renders. */
    public enum Workload {
        /** a Deployment */
        @JsonProperty("stateless") STATELESS,
        /** a StatefulSet with a headless Service and PersistentVolumeClaim templates */
        @JsonProperty("stateful") STATEFUL
    }

    /**
     * @param name        names every rendered object
     * @param team        the team that runs it
     * @param owner       a person or rota to ask, or null
     * @param description what it does, or null
     */
    public record Service(String name, String team, String owner, String description) {
    }

    /** An image by repository and tag, digest, or both. */
    public record Image(String repository, String tag, String digest) {

        /** {@code repository:tag}, {@code repository@digest} or {@code repository:tag@digest}. */
        public String reference() {
            return repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
        }
    }

    /** A container port, exposed by the Service on the same number. */
    public record Port(String name, int port, String protocol) {
    }

    /** An environment variable: a literal value, or a key of a ConfigMap or Secret (exactly one). */
    public record EnvVar(String name, String value, KeyRef configMapKeyRef, KeyRef secretKeyRef) {

        public static EnvVar literal(String name, String value) {
            return new EnvVar(name, value, null, null);
        }
    }

    /** A key of a ConfigMap or Secret. */
    public record KeyRef(String name, String key) {
    }

    /** A ConfigMap or Secret by name: its keys as variables, or mounted read-only at {@code mountPath}. */
    public record SourceRef(String name, String mountPath) {
    }

    /** Requests and limits by resource name ({@code cpu}, {@code memory}, {@code ephemeral-storage}). */
    public record Resources(Map<String, String> requests, Map<String, String> limits) {

        static final Resources NONE = new Resources(Map.of(), Map.of());

        public Resources {
            requests = requests == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requests));
            limits = limits == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(limits));
        }

        /** These, with {@code override}'s quantities in place of or beside them. */
        public Resources merge(Resources override) {
            if (override == null) return this;
            Map<String, String> r = new LinkedHashMap<>(requests);
            r.putAll(override.requests());
            Map<String, String> l = new LinkedHashMap<>(limits);
            l.putAll(override.limits());
            return new Resources(r, l);
        }
    }

    /**
     * Departures from the hardened defaults; a null field keeps the default (non-root, read-only root
     * filesystem, no privilege escalation, all capabilities dropped, seccomp RuntimeDefault, no service account
     * token).
     */
    public record Security(Boolean runAsNonRoot, Integer runAsUser, Integer runAsGroup, Integer fsGroup,
                           Boolean readOnlyRootFilesystem, Boolean allowPrivilegeEscalation,
                           List<String> addCapabilities, String seccompProfile, List<String> writablePaths,
                           Boolean automountServiceAccountToken) {

        static final Security HARDENED = new Security(null, null, null, null, null, null, null, null, null, null);

        public Security {
            addCapabilities = addCapabilities == null ? List.of() : List.copyOf(addCapabilities);
            writablePaths = writablePaths == null ? List.of() : List.copyOf(writablePaths);
        }
    }

    /** A PersistentVolumeClaim template of a stateful workload. */
    public record Volume(String name, String mountPath, String size, String storageClass, List<String> accessModes) {

        public Volume {
            accessModes = accessModes == null || accessModes.isEmpty() ? List.of("ReadWriteOnce") : List.copyOf(accessModes);
        }
    }

    /**
     * One target environment and what changes there; null fields keep the spec's values.
     *
     * @param env literal values by variable name, replacing or adding to the spec's {@code env}
     */
    public record Environment(String namespace, Integer replicas, Resources resources, Autoscaling autoscaling,
                              Map<String, String> env) {

        public Environment {
            env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        }
    }

    /** True for a StatefulSet. */
    public boolean stateful() {
        return workload == Workload.STATEFUL;
    }

    /** The service's name, which every rendered object carries. */
    public String name() {
        return service.name();
    }

    /**
     * The spec as it runs in {@code environment}: its namespace, replicas, autoscaling (null when off),
     * resources and environment variables after the environment's overrides.
     *
     * @throws IllegalArgumentException when the spec has no such environment
     */
    public EnvironmentSpec forEnvironment(String environment) {
        Environment e = environments.get(environment);
        if (e == null) {
            throw new IllegalArgumentException("the spec of " + name() + " has no environment '" + environment
                    + "' (it has " + String.join(", ", environments.keySet()) + ")");
        }
        Autoscaling scaling = autoscaling == null ? null : autoscaling;
        if (e.autoscaling() != null) scaling = Autoscaling.override(scaling, e.autoscaling());
        int count = e.replicas() != null ? e.replicas() : replicas != null ? replicas : 1;
        List<EnvVar> vars = new ArrayList<>(env);
        e.env().forEach((name, value) -> {
            EnvVar literal = EnvVar.literal(name, value);
            int at = -1;
            for (int i = 0; i < vars.size(); i++) if (vars.get(i).name().equals(name)) at = i;
            if (at >= 0) vars.set(at, literal);
            else vars.add(literal);
        });
        return new EnvironmentSpec(environment, e.namespace(), count, scaling, resources.merge(e.resources()), vars);
    }
}
