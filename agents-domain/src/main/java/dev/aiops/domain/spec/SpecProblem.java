package dev.aiops.domain.spec;

/**
 * A spec file, or a part of one, that is wrong.
 *
 * @param source  the file
 * @param kind    what sort of problem
 * @param pointer JSON pointer (RFC 6901) to the offending value, {@code ""} for the whole document
 * @param line    the line of the file it is on, 0 when unknown
 * @param message what is wrong, for a person
 */
public record SpecProblem(String source, Kind kind, String pointer, int line, String message) {

    /** What sort of problem. */
    public enum Kind {
        /** the file cannot be read, or is not YAML */
        UNREADABLE,
        /** the document breaks the schema */
        SCHEMA,
        /** fields that contradict each other (a probe on a port that is not declared, bounds upside down) */
        CONSISTENCY
    }

    /** {@code file:line: /pointer: message}. */
    @Override
    public String toString() {
        return source + (line > 0 ? ":" + line : "") + ": " + (pointer.isEmpty() ? "" : pointer + ": ") + message;
    }
}
