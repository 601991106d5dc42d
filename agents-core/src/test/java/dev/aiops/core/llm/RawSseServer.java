package dev.aiops.core.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-connection HTTP/1.1 server on a plain socket, for what WireMock cannot do: send part of an SSE stream and
 * then reset the connection, or write an endless stream and report how much of it the client let through (a client
 * that stops reading fills the TCP window and blocks this writer).
 */
final class RawSseServer implements AutoCloseable {

    interface Script {
        void write(OutputStream out, Socket socket, AtomicLong written) throws IOException;
    }

    private final ServerSocket server;
    final AtomicLong written = new AtomicLong();
    /** Completes with the exception that ended writing (the client closed), or null when the script finished. */
    final CompletableFuture<Throwable> ended = new CompletableFuture<>();

    RawSseServer(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> serve(script), "raw-sse-server");
        t.setDaemon(true);
        t.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    private void serve(Script script) {
        try (Socket s = server.accept()) {
            s.setSendBufferSize(16 * 1024);
            readRequest(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            script.write(out, s, written);
            out.flush();
            ended.complete(null);
        } catch (IOException e) {
            ended.complete(e);
        }
    }

    static void send(OutputStream out, AtomicLong written, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.write(b);
        out.flush();
        written.addAndGet(b.length);
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
