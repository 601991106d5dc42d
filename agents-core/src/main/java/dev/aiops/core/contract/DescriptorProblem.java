package dev.aiops.core.contract;

/**
 * A descriptor file, or a part of one, that could not be loaded.
 *
 * @param source  the file or classpath resource
 * @param pointer JSON pointer inside the document ({@code ""} for the whole document)
 * @param message what is wrong
 */
public record DescriptorProblem(String source, String pointer, String message) {

    @Override
    public String toString() {
        return source + (pointer.isEmpty() ? "" : " at " + pointer) + ": " + message;
    }
}
