package dev.aiops.domain.spec;

import java.util.List;

/**
 * A {@link DeploymentSpec} as it runs in one environment, with that environment's overrides applied.
 *
 * @param environment {@code dev}, {@code staging} or {@code production}
 * @param namespace   where its objects live
 * @param replicas    the replica count when autoscaling is off (the autoscaler decides otherwise)
 * @param autoscaling the autoscaler's bounds and target, or null when off
 * @param resources   requests and limits after the environment's changes
 * @param env         the container's variables after the environment's literal values
 */
public record EnvironmentSpec(String environment, String namespace, int replicas, Autoscaling autoscaling,
                              DeploymentSpec.Resources resources, List<DeploymentSpec.EnvVar> env) {

    public EnvironmentSpec {
        env = List.copyOf(env);
    }

    /** The fewest pods it runs with: the autoscaler's minimum, or the replica count. */
    public int minReplicas() {
        return autoscaling != null ? autoscaling.minReplicas() : replicas;
    }

    /** True for production, where disruption budgets and paging matter. */
    public boolean production() {
        return environment.equals("production");
    }
}
