package dev.aiops.composite.scaling;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** {@code /metrics} (Prometheus text format), {@code /healthz} (the loop is alive) and {@code /readyz} (caches synced). */
final class OperatorHttp implements AutoCloseable {

    private final HttpServer server;

    OperatorHttp(int port, OperatorMetrics metrics, BooleanSupplier healthy, BooleanSupplier ready) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 16);
        server.createContext("/metrics", x -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            metrics.write(body);
            send(x, 200, "text/plain; version=0.0.4; charset=utf-8", body.toByteArray());
        });
        server.createContext("/healthz", x -> probe(x, healthy.getAsBoolean()));
        server.createContext("/readyz", x -> probe(x, ready.getAsBoolean()));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange x, boolean ok) throws IOException {
        send(x, ok ? 200 : 503, "text/plain; charset=utf-8", (ok ? "ok\n" : "not yet\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
