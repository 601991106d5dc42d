package dev.aiops.domain.spec;

import java.util.List;

/** The container's liveness, readiness and startup probes; each may be null. */
public record Probes(Probe liveness, Probe readiness, Probe startup) {

    /**
     * One probe: exactly one of {@code http}, {@code tcp} and {@code exec}, and its timings (null for
     * Kubernetes' defaults).
     */
    public record Probe(Http http, Tcp tcp, Exec exec, Integer initialDelaySeconds, Integer periodSeconds,
                        Integer timeoutSeconds, Integer failureThreshold) {

        /** The port it checks, as written (a number or a port's name), or null for exec probes. */
        public String port() {
            return http != null ? http.port() : tcp != null ? tcp.port() : null;
        }
    }

    /** An HTTP GET of {@code path} on {@code port} (a number or the name of one of the spec's ports). */
    public record Http(String path, String port) {
    }

    /** A TCP connection to {@code port}. */
    public record Tcp(String port) {
    }

    /** A command run in the container. */
    public record Exec(List<String> command) {

        public Exec {
            command = command == null ? List.of() : List.copyOf(command);
        }
    }
}
