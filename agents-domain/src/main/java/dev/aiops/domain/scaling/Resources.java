package dev.aiops.domain.scaling;

/**
 * Requests and limits of one container, in cores and bytes; NaN where not set.
 */
public record Resources(double cpuRequest, double memoryRequest, double cpuLimit, double memoryLimit) {

    public static final Resources UNKNOWN = new Resources(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public boolean isUnknown() {
        return Double.isNaN(cpuRequest) && Double.isNaN(memoryRequest) && Double.isNaN(cpuLimit)
                && Double.isNaN(memoryLimit);
    }
}
