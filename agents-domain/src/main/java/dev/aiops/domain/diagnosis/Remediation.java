package dev.aiops.domain.diagnosis;

/**
 * A step a person can review and take.
 *
 * @param description what to do and why
 * @param command     a kubectl command to review and run, or null
 * @param destructive true when the command deletes, drains, force-replaces or restarts something
 */
public record Remediation(String description, String command, boolean destructive) {

    public static Remediation advice(String description) {
        return new Remediation(description, null, false);
    }

    public static Remediation command(String description, String command) {
        return new Remediation(description, command, false);
    }

    public static Remediation destructive(String description, String command) {
        return new Remediation(description, command, true);
    }
}
