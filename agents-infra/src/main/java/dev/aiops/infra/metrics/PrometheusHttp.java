package dev.aiops.infra.metrics;

import dev.aiops.infra.metrics.MetricsException.Kind;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;

/**
 * POSTs form-encoded queries to the API, under the per-request timeout (the whole body included) and with
 * resilience4j retries of retryable failures, and maps every failure to a {@link MetricsException}.
 */
final class PrometheusHttp {

    /** Reads a 2xx body. Jackson's exceptions are mapped by the caller. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body, Exchange exchange) throws MetricsException, IOException;
    }

    /** Closes a body that is still being read when its request's time is up. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "prometheus-client-timeouts");
        t.setDaemon(true);
        return t;
    });
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final PrometheusSettings settings;
    private final HttpClient client;
    private final String base;
    private final String authorization;
    private final Retry retry;

    PrometheusHttp(PrometheusSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        String url = settings.baseUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = settings.bearerToken() != null ? "Bearer " + settings.bearerToken()
                : settings.basicUser() != null ? "Basic " + Base64.getEncoder().encodeToString(
                (settings.basicUser() + ":" + settings.basicPassword()).getBytes(StandardCharsets.UTF_8))
                : null;
        Duration initial = settings.initialBackoff().isZero() ? Duration.ofMillis(1) : settings.initialBackoff();
        this.retry = Retry.of("prometheus " + base, RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(initial, 2.0))
                .retryOnException(t -> t instanceof MetricsException m && m.retryable())
                .failAfterMaxAttempts(false)
                .build());
    }

    /** The base URL, without a trailing slash. */
    String base() {
        return base;
    }

    /**
     * POSTs {@code form} to {@code path} and reads the answer with {@code reader}, retrying retryable failures
     * while {@code mayRetry} says a new attempt would not repeat what the failed one already handed on.
     */
    <T> T post(String path, Map<String, String> form, String query, BodyReader<T> reader, BooleanSupplier mayRetry)
            throws MetricsException {
        Retry.Context<Object> ctx = retry.context();
        while (true) {
            try {
                T value = attempt(path, form, query, reader);
                ctx.onComplete();
                return value;
            } catch (MetricsException e) {
                if (!e.retryable() || !mayRetry.getAsBoolean()) {
                    throw e;
                }
                try {
                    ctx.onError(e);
                } catch (MetricsException last) {
                    throw last;
                } catch (Exception other) {
                    throw e;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
            }
        }
    }

    private <T> T attempt(String path, Map<String, String> form, String query, BodyReader<T> reader)
            throws MetricsException {
        String url = base + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", "aiops-agents")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        long started = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw timeout(url, e);
        } catch (ConnectException e) {
            throw new MetricsException(Kind.UNREACHABLE, "cannot connect to Prometheus at " + url + ": "
                    + describe(e), true, e);
        } catch (IOException e) {
            throw new MetricsException(Kind.UNREACHABLE, "the connection to Prometheus at " + url + " failed: "
                    + describe(e), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricsException(Kind.TIMEOUT, "interrupted while waiting for Prometheus at " + url, false, e);
        }
        int status = response.statusCode();
        HeadCapture body = new HeadCapture(response.body());
        Exchange exchange = new Exchange(url, status, query, body::head);
        AtomicBoolean expired = new AtomicBoolean();
        long left = settings.timeout().toNanos() - (System.nanoTime() - started);
        ScheduledFuture<?> deadline = TIMER.schedule(() -> {
            expired.set(true);
            body.closeQuietly();
        }, Math.max(left, 1), TimeUnit.NANOSECONDS);
        try (body) {
            if (status < 200 || status > 299) {
                throw exchange.httpError(body.readAtMost(ERROR_BODY_LIMIT), authorization != null);
            }
            return reader.read(body, exchange);
        } catch (JacksonIOException | IOException e) {
            if (expired.get()) throw timeout(url, e);
            throw new MetricsException(Kind.UNREACHABLE, "the connection to Prometheus at " + url
                    + " broke while reading the response: " + describe(e), true, e);
        } catch (JacksonException e) {
            if (expired.get()) throw timeout(url, e);
            throw exchange.badResponse(e.getOriginalMessage());
        } finally {
            deadline.cancel(false);
        }
    }

    private MetricsException timeout(String url, Exception e) {
        return new MetricsException(Kind.TIMEOUT, "Prometheus at " + url + " did not answer within the "
                + PromValues.describe(settings.timeout()) + " timeout", true, e);
    }

    private static String encode(Map<String, String> form) {
        StringJoiner out = new StringJoiner("&");
        form.forEach((k, v) -> out.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        Throwable cause = e.getCause();
        if ((m == null || m.isBlank()) && cause != null) m = cause.toString();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
