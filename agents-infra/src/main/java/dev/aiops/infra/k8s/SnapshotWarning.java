package dev.aiops.infra.k8s;

/**
 * Something that could not be read while the rest was.
 *
 * @param location the file (or API request) concerned
 * @param reason   why it was skipped, for a person
 */
public record SnapshotWarning(String location, String reason) {

    @Override
    public String toString() {
        return location + ": " + reason;
    }
}
