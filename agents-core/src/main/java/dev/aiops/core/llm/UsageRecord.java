package dev.aiops.core.llm;

import java.time.Instant;

/**
 * One line of the usage log: one model call, whatever its outcome.
 *
 * @param outcome {@code ok}, {@code refused}, {@code error} or {@code cancelled}
 * @param error   the error type when the call failed, else null
 */
public record UsageRecord(Instant timestamp, String agent, String session, String provider, String model,
                          PromptRef prompt, Usage usage, long latencyMs, int attempts, boolean streamed,
                          String finishReason, String outcome, String error) {
}
