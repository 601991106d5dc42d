package dev.aiops.composite.oncall;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A model's streamed text, passed on a line at a time once each line is complete and checked against the cluster,
 * so that what reaches the person is streamed and grounded at once.
 */
final class GroundedLines {

    private final Grounding grounding;
    private final TurnListener out;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder shown = new StringBuilder();
    private final Set<String> unknown = new LinkedHashSet<>();

    GroundedLines(Grounding grounding, TurnListener out) {
        this.grounding = grounding;
        this.out = out;
    }

    synchronized void accept(String delta) {
        if (closed) {
            return;
        }
        pending.append(delta);
        int nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, nl + 1);
            pending.delete(0, nl + 1);
            emit(line);
        }
    }

    synchronized void flush() {
        if (!pending.isEmpty() && !closed) {
            String rest = pending + "\n";
            pending.setLength(0);
            emit(rest);
        }
    }

    /** After a cancel: nothing more is shown, the unfinished line is dropped. */
    synchronized void close() {
        closed = true;
        pending.setLength(0);
    }

    private boolean closed;

    private void emit(String line) {
        Grounding.Result r = grounding.check(line);
        unknown.addAll(r.unknown());
        shown.append(r.text());
        out.text(r.text());
    }

    synchronized String text() {
        return shown.toString();
    }

    synchronized List<String> unknown() {
        return new ArrayList<>(unknown);
    }
}
