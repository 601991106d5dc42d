package dev.aiops.composite.oncall;

/** A session file that cannot be used, naming the file and the line. */
public final class SessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SessionException(String message) {
        super(message);
    }

    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
