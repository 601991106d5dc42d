package dev.aiops.composite.oncall;

/**
 * The person who approves commands. A terminal asks y/N for a mutation and has the object's name typed back for a
 * destructive command; a script answers from its input; a server without a person refuses everything.
 */
public interface Approver {

    /** A mutating (or, with --ask-always, read-only) command: yes or no after seeing {@code action}. */
    boolean confirm(ProposedAction action);

    /** A destructive command: approved only when the person types {@code expected} (the object's name) back. */
    boolean confirmByTyping(ProposedAction action, String expected);

    /** Refuses everything (for sessions without a person). */
    static Approver denyAll() {
        return new Approver() {
            @Override
            public boolean confirm(ProposedAction action) {
                return false;
            }

            @Override
            public boolean confirmByTyping(ProposedAction action, String expected) {
                return false;
            }
        };
    }
}
