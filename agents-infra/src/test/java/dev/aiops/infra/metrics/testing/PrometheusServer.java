package dev.aiops.infra.metrics.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code prometheus} package, 2.42) for tests: {@link #start} backfills an OpenMetrics
 * file with {@code promtool tsdb create-blocks-from openmetrics}, then serves it on a free port of 127.0.0.1 with no
 * scrape targets, so the data never changes. Backfilled data must end at least 3 hours ago
 * ({@link #latestBackfillEnd()}): promtool's blocks must not overlap the head block of the running server.
 *
 * <p>Tests that need it fail, never skip, when it is missing: {@link #start} throws with {@link #INSTALL_HINT}.
 */
public final class PrometheusServer implements AutoCloseable {

    /** What to do when the binaries are missing. */
    public static final String INSTALL_HINT = "install Debian's prometheus package (./run-tests does)";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BACKFILL_TIMEOUT = Duration.ofMinutes(5);
    private static final int LOG_LINES = 20;

    private final Process process;
    private final URI url;
    private final Path log;
    private final Thread reaper;

    private PrometheusServer(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.reaper = new Thread(() -> kill(process), "prometheus-test-server-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Whether {@code prometheus} and {@code promtool} are installed (on the PATH or in /usr/bin). */
    public static boolean available() {
        return binary("prometheus").isPresent() && binary("promtool").isPresent();
    }

    /** The newest time backfilled data may have: 3 hours ago, rounded down to the hour. */
    public static Instant latestBackfillEnd() {
        return Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
    }

    /**
     * Backfills {@code openMetricsFile} into {@code workDir/data} and starts Prometheus on it; returns once it
     * answers {@code /-/ready}. Its log is {@code workDir/prometheus.log}.
     *
     * @throws IllegalStateException when prometheus or promtool is not installed
     * @throws IOException           when promtool fails, or Prometheus is not ready within 60s (with its last log
     *                               lines)
     */
    public static PrometheusServer start(Path openMetricsFile, Path workDir) throws IOException {
        Path prometheus = binary("prometheus").orElseThrow(() -> missing("prometheus"));
        Path promtool = binary("promtool").orElseThrow(() -> missing("promtool"));
        Files.createDirectories(workDir);
        Path data = workDir.resolve("data");
        Path backfillLog = workDir.resolve("promtool.log");
        // one block for up to 30 days: with the default 2-hour blocks, 14 days of data take a minute to write
        Process backfill = new ProcessBuilder(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics",
                "--max-block-duration=720h", openMetricsFile.toString(), data.toString())
                .redirectErrorStream(true).redirectOutput(backfillLog.toFile()).start();
        if (!waitFor(backfill, BACKFILL_TIMEOUT) || backfill.exitValue() != 0) {
            kill(backfill);
            throw new IOException("promtool could not backfill " + openMetricsFile + ": " + lastLines(backfillLog));
        }
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, "# no scrape targets: the backfilled data is all there is\n"
                + "global:\n  scrape_interval: 1m\n", StandardCharsets.UTF_8);
        Path log = workDir.resolve("prometheus.log");
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Process p = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=3650d",
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            URI url = URI.create("http://127.0.0.1:" + port);
            try {
                awaitReady(p, url, log);
                return new PrometheusServer(p, url, log);
            } catch (IOException e) {
                kill(p);
                if (attempt < 3 && lastLines(log).contains("address already in use")) continue;
                throw e;
            }
        }
    }

    /** Where the API answers: {@code http://127.0.0.1:PORT}. */
    public URI url() {
        return url;
    }

    /** The server's last log lines, for failure messages. */
    public String lastLogLines() {
        return lastLines(log);
    }

    /** Stops the server (and anything it started) and waits for it. */
    @Override
    public void close() {
        kill(process);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static void awaitReady(Process p, URI url, Path log) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("prometheus exited (" + p.exitValue() + ") before it was ready: "
                        + lastLines(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for prometheus", e);
            }
            sleep(100);
        }
        throw new IOException("prometheus was not ready at " + url + " within " + READY_TIMEOUT.toSeconds() + "s: "
                + lastLines(log));
    }

    private static Optional<Path> binary(String name) {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) candidates.add(Path.of(dir, name));
            }
        }
        candidates.add(Path.of("/usr/bin", name));
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    private static IllegalStateException missing(String name) {
        return new IllegalStateException(name + " is not installed (not on the PATH nor in /usr/bin): "
                + INSTALL_HINT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String lastLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!waitFor(p, Duration.ofSeconds(15))) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(5));
        }
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for prometheus", e);
        }
    }
}
