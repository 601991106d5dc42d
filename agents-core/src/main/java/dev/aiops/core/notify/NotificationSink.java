package dev.aiops.core.notify;

/**
 * Somewhere notifications go. {@link Notifier} calls {@link #send} on a thread of its own for each sink, one
 * notification at a time, and calls it again for a retry; a sink needs no threads or retries of its own.
 */
public interface NotificationSink {

    /** A short name for logs; never a full webhook URL (those are secrets), e.g. {@code slack(hooks.slack.com)}. */
    String name();

    /** Delivers {@code n}, or throws; {@link Notifier} retries any exception until its attempts are used up. */
    void send(Notification n) throws Exception;
}
