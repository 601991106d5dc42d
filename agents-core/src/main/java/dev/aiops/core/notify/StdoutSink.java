package dev.aiops.core.notify;

import java.io.PrintStream;
import java.util.Objects;

/** One line per notification: {@code [notify] <severity> <title>: <text>}. */
public final class StdoutSink implements NotificationSink {

    private final PrintStream out;

    public StdoutSink(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public void send(Notification n) throws Exception {
        String line = "[notify] " + oneLine(n.severity()) + " " + oneLine(n.title()) + ": " + oneLine(n.text());
        synchronized (out) {
            out.println(line);
            out.flush();
        }
        if (out.checkError()) {
            throw new SinkException("could not write to stdout", false, null);
        }
    }

    @Override
    public String toString() {
        return name();
    }

    static String oneLine(String s) {
        return s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
