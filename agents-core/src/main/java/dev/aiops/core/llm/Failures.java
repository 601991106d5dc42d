package dev.aiops.core.llm;

import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

/** What a provider failure means for the gateway: may a retry help, how long to wait, what to call it. */
final class Failures {

    private Failures() {
    }

    /** 429, 408, 409 and 5xx, timeouts, broken connections and cut-off streams; never a 4xx the caller caused. */
    static boolean retryable(Throwable t) {
        if (t instanceof HttpException h) {
            int s = h.statusCode();
            return s == 408 || s == 409 || s == 429 || s >= 500;
        }
        if (t instanceof CallNotPermittedException || t instanceof RequestNotPermitted
                || t instanceof ContentFilteredException) {
            return false;
        }
        if (t instanceof RetriableException || t instanceof java.util.concurrent.TimeoutException) {
            return true;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException || c instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    static Optional<Duration> retryAfter(Throwable t) {
        return t instanceof ProviderHttpException p ? p.retryAfter() : Optional.empty();
    }

    /** The {@code error.type} of the GenAI conventions and of the usage log. */
    static String type(Throwable t) {
        if (t instanceof HttpException h) {
            return h.statusCode() == 429 ? "rate_limited" : Integer.toString(h.statusCode());
        }
        if (t instanceof ContentFilteredException) {
            return "content_filter";
        }
        if (t instanceof CallNotPermittedException) {
            return "circuit_open";
        }
        if (t instanceof RequestNotPermitted) {
            return "rate_limit_wait";
        }
        if (t instanceof OpenAiOfficialModel.TruncatedStreamException) {
            return "truncated_stream";
        }
        if (t instanceof TimeoutException || t instanceof java.util.concurrent.TimeoutException
                || t instanceof InterruptedIOException) {
            return "timeout";
        }
        if (retryable(t)) {
            return "connection";
        }
        return t.getClass().getSimpleName();
    }

    static String describe(Throwable t) {
        if (t instanceof CallNotPermittedException) {
            return "the model provider failed repeatedly, so calls are paused for a while (circuit open)";
        }
        if (t instanceof RequestNotPermitted) {
            return "the call waited too long for the gateway's rate limit";
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
