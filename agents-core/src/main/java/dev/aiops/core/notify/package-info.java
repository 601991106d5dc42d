/**
 * Notifications about what agents did (an on-call agent's approved commands, a scaling operator's changes), sent
 * to Slack incoming webhooks, any webhook as a CloudEvent 1.0, or stdout. {@link dev.aiops.core.notify.Notifier}
 * never blocks the caller: each sink has its own queue and thread, failures are retried with exponential backoff
 * and logged after the last attempt, never thrown. Webhook URLs are secrets: only their host is ever logged.
 */
package dev.aiops.core.notify;
