package dev.aiops.domain.eval;

/** A scenario folder or its {@code expected.json} that cannot be used; the message names the file and field. */
public final class ScenarioException extends RuntimeException {

    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
