package dev.aiops.core.prompt;

/** A prompt file that cannot be loaded, or values a prompt cannot be rendered with; the message says which. */
public final class PromptException extends IllegalArgumentException {

    public PromptException(String message) {
        super(message);
    }
}
