package dev.aiops.bench;

import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.metrics.testing.OpenMetricsWriter;
import dev.aiops.infra.metrics.testing.PrometheusServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Usage series of {@value #CONTAINERS} containers over {@value #DAYS} days at 5-minute resolution, in a Prometheus
 * TSDB under {@code benchmarks/target/scaling-data}, and the cluster they run in (one Deployment, ReplicaSet and pod
 * per container). The series are written as OpenMetrics and backfilled with promtool once; later runs and forks
 * reuse the TSDB while its manifest matches, and each fork serves its own copy of it with a Prometheus of its own
 * (a running Prometheus writes its WAL and lock into the data directory).
 *
 * <p>Containers are steady, diurnal or spiky in turn (index modulo 3), with sizes drawn from a fixed seed:
 * {@code container_cpu_usage_seconds_total} (a counter) and {@code container_memory_working_set_bytes} (a gauge),
 * labelled {@code namespace}, {@code pod}, {@code container} as cAdvisor labels them.
 */
final class ScalingUsageData {

    static final int CONTAINERS = 1_000;
    static final int NAMESPACES = 10;
    static final int DAYS = 14;
    static final long INTERVAL = 300;
    static final Duration WINDOW = Duration.ofDays(DAYS);
    /** Samples start this long before the window so the first step's rate has its samples. */
    static final long LEAD = 3_600;
    static final long SEED = 20_261_207L;
    /** Bumped whenever what is generated changes: a TSDB of another format is regenerated. */
    private static final String FORMAT = "1";
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final long DAY = 86_400;
    private static final double MIB = 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a generated dataset is: its manifest. */
    record Manifest(Instant end, double generateSeconds, double backfillSeconds, long openMetricsBytes,
                    long samples, long tsdbBytes) {
    }

    /** One container: where it runs and how it behaves. */
    record Container(int index, String namespace, String deployment, String replicaSet, String pod, int kind,
                     double cpuBase, double memoryBase, double phase) {

        static final int STEADY = 0;
        static final int DIURNAL = 1;
        static final int SPIKY = 2;

        String kindName() {
            return switch (kind) {
                case STEADY -> "steady";
                case DIURNAL -> "diurnal";
                default -> "spiky";
            };
        }

        /** Cores used in the interval ending at {@code t} (epoch seconds); {@code noise} is uniform in [0, 1). */
        double cpu(long t, double noise, double spike) {
            double day = Math.max(0, Math.sin(2 * Math.PI * (t + phase) / DAY));
            return switch (kind) {
                case STEADY -> cpuBase * (0.95 + 0.1 * noise);
                case DIURNAL -> cpuBase * (0.15 + 1.6 * day + 0.05 * noise);
                // mostly a quarter of the base, spikes to 4x in 0.5% of the intervals
                default -> spike < 0.005 ? cpuBase * 4 : cpuBase * (0.23 + 0.04 * noise);
            };
        }

        /** Working set at {@code t}, in bytes. */
        double memory(long t, double noise) {
            double day = Math.max(0, Math.sin(2 * Math.PI * (t + phase) / DAY));
            return switch (kind) {
                case STEADY -> memoryBase * (0.99 + 0.02 * noise);
                case DIURNAL -> memoryBase * (0.6 + 0.4 * day + 0.01 * noise);
                // a leak: grows from half to all of the base over two days, then the process restarts
                default -> memoryBase * (0.5 + 0.5 * (((t + (long) phase) % (2 * DAY)) / (2.0 * DAY)));
            };
        }

        /** The current CPU request: twice the base, in millicores. */
        String cpuRequest() {
            return Math.max(10, Math.round(cpuBase * 2000 / 10) * 10) + "m";
        }

        /** The current memory request and limit: 1.5 times the base, in Mi. */
        String memoryRequest() {
            return Math.round(memoryBase * 1.5 / MIB) + "Mi";
        }
    }

    private ScalingUsageData() {
    }

    /** Every container, the same on every run. */
    static List<Container> containers() {
        List<Container> out = new ArrayList<>(CONTAINERS);
        for (int i = 0; i < CONTAINERS; i++) {
            SplittableRandom r = new SplittableRandom(SEED + i);
            String deployment = String.format("w%04d", i + 1);
            String replicaSet = deployment + "-" + generated(r, 9 + r.nextInt(2));
            String pod = replicaSet + "-" + generated(r, 5);
            out.add(new Container(i, String.format("team-%02d", i % NAMESPACES), deployment, replicaSet, pod, i % 3,
                    0.02 + 0.48 * r.nextDouble(), (64 + 960 * r.nextDouble()) * MIB, r.nextDouble() * DAY));
        }
        return out;
    }

    /** A name suffix in the alphabet Kubernetes generates them from (no vowels, no 0, 1, 3). */
    private static String generated(SplittableRandom r, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        return b.toString();
    }

    /** The cluster: per container a Deployment (with requests), its ReplicaSet and its running pod. */
    static ClusterSnapshot cluster(List<Container> containers) {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("benchmark", "scaling-1000"));
        for (Container c : containers) {
            ObjectNode d = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
            d.putObject("metadata").put("name", c.deployment()).put("namespace", c.namespace())
                    .put("uid", "d-" + c.index()).putObject("labels").put("app", c.deployment());
            ObjectNode spec = d.putObject("spec").put("replicas", 1);
            spec.putObject("selector").putObject("matchLabels").put("app", c.deployment());
            ObjectNode template = spec.putObject("template");
            template.putObject("metadata").putObject("labels").put("app", c.deployment());
            template.set("spec", podSpec(c));
            b.add(d);
        }
        for (Container c : containers) {
            ObjectNode rs = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
            ObjectNode m = rs.putObject("metadata").put("name", c.replicaSet()).put("namespace", c.namespace())
                    .put("uid", "rs-" + c.index());
            m.putObject("labels").put("app", c.deployment());
            m.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "Deployment")
                    .put("name", c.deployment()).put("uid", "d-" + c.index()).put("controller", true);
            rs.putObject("spec").put("replicas", 1);
            b.add(rs);
        }
        for (Container c : containers) {
            ObjectNode p = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
            ObjectNode m = p.putObject("metadata").put("name", c.pod()).put("namespace", c.namespace())
                    .put("uid", "p-" + c.index());
            m.putObject("labels").put("app", c.deployment());
            m.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "ReplicaSet")
                    .put("name", c.replicaSet()).put("uid", "rs-" + c.index()).put("controller", true);
            p.set("spec", podSpec(c).put("nodeName", "node-" + (c.index() % 50)));
            ObjectNode status = p.putObject("status").put("phase", "Running");
            status.putArray("containerStatuses").addObject().put("name", "app").put("ready", true)
                    .put("restartCount", 0).putObject("state").putObject("running");
            b.add(p);
        }
        return b.build();
    }

    private static ObjectNode podSpec(Container c) {
        ObjectNode spec = JSON.createObjectNode();
        ObjectNode app = spec.putArray("containers").addObject().put("name", "app")
                .put("image", "registry.example/" + c.deployment() + ":1");
        ObjectNode res = app.putObject("resources");
        res.putObject("requests").put("cpu", c.cpuRequest()).put("memory", c.memoryRequest());
        res.putObject("limits").put("memory", c.memoryRequest());
        return spec;
    }

    /**
     * The directory the dataset lives in: {@code -Daiops.bench.scalingDir}, else {@code scaling-data} next to the
     * benchmarks jar (benchmarks/target), else under the working directory's benchmarks/target.
     */
    static Path home() {
        String configured = System.getProperty("aiops.bench.scalingDir");
        if (configured != null) return Path.of(configured).toAbsolutePath();
        try {
            Path code = Path.of(ScalingUsageData.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code) && code.getParent() != null
                    && code.getParent().getFileName().toString().equals("target")) {
                return code.getParent().resolve("scaling-data");
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through
        }
        return Path.of("benchmarks", "target", "scaling-data").toAbsolutePath();
    }

    /**
     * The dataset's manifest, after generating and backfilling it when {@code home/tsdb} is missing or was made
     * with other settings. Only one JVM generates at a time (a file lock).
     */
    static Manifest ensure(Path home) throws IOException {
        Files.createDirectories(home);
        try (FileChannel lockFile = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            Manifest m = read(home);
            if (m != null) return m;
            return generate(home);
        }
    }

    private static Properties expected() {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("containers", String.valueOf(CONTAINERS));
        p.setProperty("namespaces", String.valueOf(NAMESPACES));
        p.setProperty("days", String.valueOf(DAYS));
        p.setProperty("intervalSeconds", String.valueOf(INTERVAL));
        p.setProperty("leadSeconds", String.valueOf(LEAD));
        p.setProperty("seed", String.valueOf(SEED));
        return p;
    }

    private static Manifest read(Path home) throws IOException {
        Path file = home.resolve("dataset.properties");
        Path tsdb = home.resolve("tsdb");
        if (!Files.isRegularFile(file) || !Files.isDirectory(tsdb)) return null;
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        for (String key : expected().stringPropertyNames()) {
            if (!Objects.equals(expected().getProperty(key), p.getProperty(key))) return null;
        }
        try (Stream<Path> blocks = Files.list(tsdb)) {
            if (blocks.noneMatch(b -> Files.isRegularFile(b.resolve("meta.json")))) return null;
        }
        return new Manifest(Instant.ofEpochSecond(Long.parseLong(p.getProperty("end"))),
                Double.parseDouble(p.getProperty("generateSeconds")),
                Double.parseDouble(p.getProperty("backfillSeconds")),
                Long.parseLong(p.getProperty("openMetricsBytes")), Long.parseLong(p.getProperty("samples")),
                Long.parseLong(p.getProperty("tsdbBytes")));
    }

    private static Manifest generate(Path home) throws IOException {
        Path promtool = binary("promtool");
        Files.deleteIfExists(home.resolve("dataset.properties"));
        delete(home.resolve("tsdb"));
        // the end of the window: backfilled data must end 3 hours before the Prometheus reading it starts
        Instant end = PrometheusServer.latestBackfillEnd();
        long last = end.getEpochSecond();
        long first = end.minus(WINDOW).getEpochSecond() - LEAD;
        Path om = home.resolve("usage.om");
        List<Container> containers = containers();
        System.out.printf("[scaling-data] writing %,d containers x %d days at %ds to %s%n", CONTAINERS, DAYS, INTERVAL,
                om);
        long t0 = System.nanoTime();
        long samples;
        try (OpenMetricsWriter w = OpenMetricsWriter.create(om)) {
            w.family("container_cpu_usage_seconds_total", OpenMetricsWriter.Type.COUNTER);
            for (Container c : containers) {
                SplittableRandom r = new SplittableRandom(SEED * 31 + c.index());
                Map<String, String> labels = labels(c);
                double total = 1000 * r.nextDouble();
                for (long t = first; t <= last; t += INTERVAL) {
                    total += c.cpu(t, r.nextDouble(), r.nextDouble()) * INTERVAL;
                    w.sample(labels, t, Math.round(total * 1e6) / 1e6);
                }
            }
            w.family("container_memory_working_set_bytes", OpenMetricsWriter.Type.GAUGE);
            for (Container c : containers) {
                SplittableRandom r = new SplittableRandom(SEED * 37 + c.index());
                Map<String, String> labels = labels(c);
                for (long t = first; t <= last; t += INTERVAL) {
                    w.sample(labels, t, Math.rint(c.memory(t, r.nextDouble())));
                }
            }
            samples = w.samples();
        }
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        long omBytes = Files.size(om);
        System.out.printf("[scaling-data] %,d samples, %,d MB of OpenMetrics in %.1f s; backfilling%n", samples,
                omBytes >> 20, generateSeconds);
        Path staging = home.resolve("tsdb.tmp");
        delete(staging);
        long t1 = System.nanoTime();
        Path log = home.resolve("promtool.log");
        // one block for up to 30 days, as PrometheusServer backfills
        Process p = new ProcessBuilder(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics",
                "--max-block-duration=720h", om.toString(), staging.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("promtool could not backfill " + om + ": see " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while backfilling", e);
        }
        double backfillSeconds = (System.nanoTime() - t1) / 1e9;
        Files.move(staging, home.resolve("tsdb"));
        Files.delete(om);
        long tsdbBytes = size(home.resolve("tsdb"));
        System.out.printf("[scaling-data] backfilled in %.1f s: %,d MB of TSDB blocks in %s%n", backfillSeconds,
                tsdbBytes >> 20, home.resolve("tsdb"));
        Properties out = expected();
        out.setProperty("end", String.valueOf(last));
        out.setProperty("generateSeconds", String.format(java.util.Locale.ROOT, "%.1f", generateSeconds));
        out.setProperty("backfillSeconds", String.format(java.util.Locale.ROOT, "%.1f", backfillSeconds));
        out.setProperty("openMetricsBytes", String.valueOf(omBytes));
        out.setProperty("samples", String.valueOf(samples));
        out.setProperty("tsdbBytes", String.valueOf(tsdbBytes));
        try (OutputStream o = Files.newOutputStream(home.resolve("dataset.properties"))) {
            out.store(o, "ScalingAdviceBenchmark dataset; delete the directory to regenerate");
        }
        return read(home);
    }

    private static Map<String, String> labels(Container c) {
        return Map.of("namespace", c.namespace(), "pod", c.pod(), "container", "app");
    }

    /** A Prometheus of this fork's own, serving a copy of the dataset's TSDB on a free loopback port. */
    static final class Server implements AutoCloseable {

        private final Process process;
        private final Path dir;
        private final URI url;

        private Server(Process process, Path dir, URI url) {
            this.process = process;
            this.dir = dir;
            this.url = url;
        }

        static Server start(Path home) throws IOException {
            Path prometheus = binary("prometheus");
            Path dir = home.resolve("runs").resolve(String.valueOf(ProcessHandle.current().pid()));
            delete(dir);
            Path data = dir.resolve("data");
            copy(home.resolve("tsdb"), data);
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "# no scrape targets: the backfilled data is all there is\n"
                    + "global:\n  scrape_interval: 1m\n", StandardCharsets.UTF_8);
            Path log = dir.resolve("prometheus.log");
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=3650d",
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Server server = new Server(p, dir, URI.create("http://127.0.0.1:" + port));
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "scaling-bench-prometheus-reaper"));
            try {
                server.awaitReady(log);
            } catch (IOException e) {
                server.close();
                throw e;
            }
            return server;
        }

        URI url() {
            return url;
        }

        private void awaitReady(Path log) throws IOException {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest ready = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(2))
                    .build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("prometheus exited (" + process.exitValue() + "); see " + log);
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
                } catch (IOException notYet) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for prometheus", e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for prometheus", e);
                }
            }
            throw new IOException("prometheus was not ready at " + url + " within 120 s; see " + log);
        }

        private void stop() {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Stops Prometheus and deletes this fork's copy of the TSDB. */
        @Override
        public void close() throws IOException {
            stop();
            delete(dir);
        }
    }

    private static Path binary(String name) {
        String path = System.getenv("PATH");
        List<Path> candidates = new ArrayList<>();
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isEmpty()) candidates.add(Path.of(d, name));
            }
        }
        candidates.add(Path.of("/usr/bin", name));
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not installed: "
                        + PrometheusServer.INSTALL_HINT));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
