package dev.aiops.infra.metrics;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link PrometheusClient} reaches a Prometheus HTTP API. Start from {@link #of(URI)} and change what differs.
 * Credentials never appear in {@link #toString()} nor in any message of the client.
 *
 * @param baseUrl           where the API lives: {@code http://prometheus:9090}, or with a path prefix behind a
 *                          proxy ({@code https://host/prometheus}); {@code /api/v1/...} is appended. No user info,
 *                          query or fragment.
 * @param bearerToken       sent as {@code Authorization: Bearer ...}, or null
 * @param basicUser         with {@code basicPassword}, sent as {@code Authorization: Basic ...}, or null
 * @param basicPassword     the basic-auth password, or null
 * @param timeout           per HTTP request, the whole response body included
 * @param maxAttempts       attempts per request, the first included; only retryable failures are retried
 * @param initialBackoff    the wait before the first retry; it doubles each retry
 * @param maxPointsPerChunk most evaluation timestamps per range request (Prometheus allows at most
 *                          {@value #PROMETHEUS_MAX_POINTS} per series)
 */
public record PrometheusSettings(URI baseUrl, String bearerToken, String basicUser, String basicPassword,
                                 Duration timeout, int maxAttempts, Duration initialBackoff,
                                 int maxPointsPerChunk) {

    /** The default per-request timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The default number of attempts per request. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The default wait before the first retry. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    /** The default number of evaluation timestamps per range request. */
    public static final int DEFAULT_MAX_POINTS_PER_CHUNK = 1000;
    /** Prometheus refuses range queries of more points per series than this. */
    public static final int PROMETHEUS_MAX_POINTS = 11_000;

    /** @throws IllegalArgumentException naming the setting that is wrong (never a credential's value) */
    public PrometheusSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!baseUrl.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the Prometheus base URL must be an absolute http or https URL with"
                    + " a host: " + baseUrl.getScheme() + "://" + baseUrl.getHost());
        }
        if (baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("the Prometheus base URL must not carry user info, a query or a"
                    + " fragment (give credentials as bearerToken or basicUser/basicPassword)");
        }
        if (bearerToken != null && (bearerToken.isBlank() || bearerToken.chars().anyMatch(c -> c < 0x20 || c > 0x7e))) {
            throw new IllegalArgumentException("the bearer token must be non-blank printable ASCII");
        }
        if ((basicUser == null) != (basicPassword == null)) {
            throw new IllegalArgumentException("basic auth needs both a user and a password");
        }
        if (basicUser != null && (basicUser.isEmpty() || basicUser.contains(":"))) {
            throw new IllegalArgumentException("the basic-auth user must be non-empty and contain no ':'");
        }
        if (bearerToken != null && basicUser != null) {
            throw new IllegalArgumentException("give a bearer token or basic auth, not both");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout must be at least 1ms: " + timeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative: " + initialBackoff);
        }
        if (maxPointsPerChunk < 1 || maxPointsPerChunk > PROMETHEUS_MAX_POINTS) {
            throw new IllegalArgumentException("maxPointsPerChunk must be in 1.." + PROMETHEUS_MAX_POINTS + ": "
                    + maxPointsPerChunk);
        }
    }

    /** No credentials, and the defaults: 30s timeout, 3 attempts from 200ms backoff, 1,000 points per chunk. */
    public static PrometheusSettings of(URI baseUrl) {
        return new PrometheusSettings(baseUrl, null, null, null, DEFAULT_TIMEOUT, DEFAULT_MAX_ATTEMPTS,
                DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_POINTS_PER_CHUNK);
    }

    /** These settings with a bearer token (and no basic auth). */
    public PrometheusSettings withBearerToken(String token) {
        return new PrometheusSettings(baseUrl, token, null, null, timeout, maxAttempts, initialBackoff,
                maxPointsPerChunk);
    }

    /** These settings with basic auth (and no bearer token). */
    public PrometheusSettings withBasicAuth(String user, String password) {
        return new PrometheusSettings(baseUrl, null, user, password, timeout, maxAttempts, initialBackoff,
                maxPointsPerChunk);
    }

    /** These settings with another per-request timeout. */
    public PrometheusSettings withTimeout(Duration perRequest) {
        return new PrometheusSettings(baseUrl, bearerToken, basicUser, basicPassword, perRequest, maxAttempts,
                initialBackoff, maxPointsPerChunk);
    }

    /** These settings with other retries: {@code attempts} in all, waiting {@code initial}, then twice as long. */
    public PrometheusSettings withRetries(int attempts, Duration initial) {
        return new PrometheusSettings(baseUrl, bearerToken, basicUser, basicPassword, timeout, attempts, initial,
                maxPointsPerChunk);
    }

    /** These settings with another chunk size for range queries. */
    public PrometheusSettings withMaxPointsPerChunk(int points) {
        return new PrometheusSettings(baseUrl, bearerToken, basicUser, basicPassword, timeout, maxAttempts,
                initialBackoff, points);
    }

    /** The settings without credentials. */
    @Override
    public String toString() {
        return "PrometheusSettings[baseUrl=" + baseUrl + ", auth=" + (bearerToken != null ? "bearer"
                : basicUser != null ? "basic" : "none") + ", timeout=" + timeout + ", maxAttempts=" + maxAttempts
                + ", initialBackoff=" + initialBackoff + ", maxPointsPerChunk=" + maxPointsPerChunk + "]";
    }
}
