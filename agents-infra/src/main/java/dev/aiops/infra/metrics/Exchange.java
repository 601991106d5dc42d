package dev.aiops.infra.metrics;

import dev.aiops.infra.metrics.MetricsException.Kind;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP exchange with the API, for the messages of its failures: the endpoint, the status, the query and the
 * start of the body. Messages never carry credentials: the base URL cannot hold any.
 */
record Exchange(String url, int status, String query, Supplier<String> head) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SNIPPET = 200;

    /** Prometheus answered {@code "status":"error"}: retryable only for {@code timeout} and {@code unavailable}. */
    MetricsException queryError(String errorType, String error) {
        String type = errorType == null ? "unknown" : errorType;
        return new MetricsException(Kind.QUERY, "Prometheus at " + url + " refused query '" + query + "': " + type
                + ": " + (error == null ? "(no error text)" : error),
                type.equals("timeout") || type.equals("unavailable"));
    }

    /** The body is not a Prometheus API response. */
    MetricsException badResponse(String why) {
        return new MetricsException(Kind.BAD_RESPONSE, url + " answered HTTP " + status + " with a body that is not a"
                + " Prometheus API response (" + why + "): " + snippet(head.get()), false);
    }

    /**
     * A failed status: a Prometheus error body is a {@link Kind#QUERY} failure; otherwise 401 and 403 say the
     * credentials were refused, 429 and 5xx can be retried, anything else cannot.
     */
    MetricsException httpError(String body, boolean credentialsSent) {
        JsonNode json = null;
        try {
            json = JSON.readTree(body);
        } catch (RuntimeException notJson) {
            // a proxy's page or an empty body: judged by the status alone
        }
        if (json != null && json.isObject() && "error".equals(json.path("status").asString(""))) {
            return queryError(json.path("errorType").asString(null), json.path("error").asString(null));
        }
        if (status == 401 || status == 403) {
            return new MetricsException(Kind.HTTP, url + " refused the credentials (HTTP " + status + "): "
                    + (credentialsSent ? "check the bearer token or basic-auth user and password"
                    : "no credentials are configured, the server wants some") + snippetSuffix(body), false);
        }
        boolean retryable = status == 429 || (status >= 500 && status < 600);
        return new MetricsException(Kind.HTTP, "HTTP " + status + " from " + url + snippetSuffix(body), retryable);
    }

    private static String snippetSuffix(String body) {
        return body == null || body.isBlank() ? "" : ": " + snippet(body);
    }

    static String snippet(String body) {
        if (body == null || body.isBlank()) return "(empty body)";
        String s = body.strip().replaceAll("\\s+", " ");
        return s.length() > SNIPPET ? s.substring(0, SNIPPET) + "..." : s;
    }
}
