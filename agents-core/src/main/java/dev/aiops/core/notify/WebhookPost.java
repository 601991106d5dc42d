package dev.aiops.core.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One POST to a webhook, mapped to success or a {@link SinkException}: 2xx succeeds; 429 and 5xx can be retried
 * (after the {@code Retry-After} the server sent, when it sent one of at most {@link #MAX_RETRY_AFTER}); any other
 * status fails at once; I/O errors and timeouts can be retried. The URL is a secret (a Slack webhook URL is its
 * own credential): messages name its host only.
 */
final class WebhookPost {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** A longer {@code Retry-After} is not waited for: the delivery gives up at once. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    /** One client for all webhooks; its threads are daemons. */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final URI url;
    private final String host;
    private final Map<String, String> headers;

    WebhookPost(URI url, Map<String, String> headers) {
        this.url = checkUrl(url);
        this.host = host(url);
        Map<String, String> copy = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> {
                checkHeader(k, v);
                copy.put(k, v);
            });
        }
        this.headers = Collections.unmodifiableMap(copy);
    }

    /** The host (and port, when given) of the webhook: all of its URL that may be shown. */
    String host() {
        return host;
    }

    /** @throws IllegalArgumentException (without the URL, which may be a secret) unless an absolute http(s) URL */
    static URI checkUrl(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("must be an absolute http or https URL with a host");
        }
        return url;
    }

    /** @throws IllegalArgumentException (without the value, which may be a secret) for a header we cannot send */
    static void checkHeader(String name, String value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a header needs a name");
        }
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " needs a value");
        }
        if (name.equalsIgnoreCase("Content-Type")) {
            throw new IllegalArgumentException("Content-Type is set by the sink");
        }
        try {
            HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("header " + name + " cannot be sent (restricted, or invalid"
                    + " characters in its name or value)");
        }
    }

    static String host(URI url) {
        return url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    void post(String contentType, byte[] body) throws SinkException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", contentType)
                .header("User-Agent", "aiops-agents")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new SinkException("POST to " + host + " timed out (" + describe(e) + ")", true, null);
        } catch (IOException e) {
            throw new SinkException("POST to " + host + " failed: " + describe(e), true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("POST to " + host + " interrupted", false, null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String failure = "HTTP " + status + " from " + host + snippet(response.body());
        if (status == 429 || (status >= 500 && status < 600)) {
            Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After"), Clock.systemUTC());
            if (retryAfter != null && retryAfter.compareTo(MAX_RETRY_AFTER) > 0) {
                throw new SinkException(failure + " (Retry-After " + retryAfter.toSeconds() + "s is longer than "
                        + MAX_RETRY_AFTER.toSeconds() + "s)", false, null);
            }
            throw new SinkException(failure, true, retryAfter);
        }
        throw new SinkException(failure, false, null);
    }

    /**
     * A {@code Retry-After} of delay-seconds or an HTTP date, as a wait from now (never negative); null when absent
     * or unreadable.
     */
    static Duration retryAfter(Optional<String> header, Clock clock) {
        if (header.isEmpty() || header.get().isBlank()) {
            return null;
        }
        String value = header.get().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + scrub(message));
    }

    private String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String s = scrub(body.strip().replaceAll("\\s+", " "));
        return ": " + (s.length() > 200 ? s.substring(0, 200) + "..." : s);
    }

    /** Removes the URL's secret parts (path, query, user info) from text that may quote it. */
    String scrub(String text) {
        String out = text.replace(url.toString(), host);
        for (String secret : new String[] {url.getRawPath(), url.getPath(), url.getRawQuery(), url.getRawUserInfo()}) {
            if (secret != null && secret.length() > 1) {
                out = out.replace(secret, "/...");
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return host;
    }
}
