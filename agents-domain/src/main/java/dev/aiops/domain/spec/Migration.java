package dev.aiops.domain.spec;

/**
 * A data migration that ships with the service.
 *
 * @param name            its name
 * @param description     what it changes, or null
 * @param reversible      false when it cannot be rolled back
 * @param pointOfNoReturn for irreversible migrations (required then): what can no longer be undone once it has
 *                        run, and how to recover
 */
public record Migration(String name, String description, boolean reversible, String pointOfNoReturn) {
}
