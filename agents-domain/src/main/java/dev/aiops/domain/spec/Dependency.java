package dev.aiops.domain.spec;

/**
 * Something the service needs in order to work.
 *
 * @param name        its name (a Service's, where it is one)
 * @param kind        {@code service}, {@code database}, {@code queue}, {@code cache} or {@code external}
 * @param description or null
 * @param check       how to tell that it is reachable
 */
public record Dependency(String name, String kind, String description, Check check) {

    /** Exactly one of a TCP {@code host:port} and an HTTP(S) URL. */
    public record Check(String tcp, String http) {

        /** {@code tcp host:port} or {@code http URL}. */
        @Override
        public String toString() {
            return tcp != null ? "tcp " + tcp : "http " + http;
        }
    }
}
