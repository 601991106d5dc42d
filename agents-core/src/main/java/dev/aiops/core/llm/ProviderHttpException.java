package dev.aiops.core.llm;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.util.Optional;

/** An error status from the provider, with the wait it asked for ({@code Retry-After}) when it sent one. */
public final class ProviderHttpException extends HttpException {

    private final Duration retryAfter;
    private final String errorCode;

    public ProviderHttpException(int statusCode, String message, Duration retryAfter, String errorCode) {
        super(statusCode, message);
        this.retryAfter = retryAfter;
        this.errorCode = errorCode;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The provider's error code ({@code rate_limit_exceeded}, {@code content_filter}, ...), when it sent one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }
}
