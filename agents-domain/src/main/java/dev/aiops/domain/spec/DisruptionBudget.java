package dev.aiops.domain.spec;

/**
 * A PodDisruptionBudget: exactly one of {@code minAvailable} and {@code maxUnavailable}, each an integer or a
 * percentage as written ({@code 2}, {@code 50%}).
 */
public record DisruptionBudget(String minAvailable, String maxUnavailable) {
}
