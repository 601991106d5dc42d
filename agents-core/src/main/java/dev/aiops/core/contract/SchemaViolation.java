package dev.aiops.core.contract;

/**
 * One way a JSON document breaks a schema.
 *
 * @param pointer JSON pointer (RFC 6901) to the offending value, {@code ""} for the document itself
 * @param keyword the schema keyword that failed ({@code required}, {@code type}, ...)
 * @param message what is wrong, for a person
 */
public record SchemaViolation(String pointer, String keyword, String message) {

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
    }
}
