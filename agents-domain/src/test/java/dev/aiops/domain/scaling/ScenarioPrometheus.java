package dev.aiops.domain.scaling;

import dev.aiops.infra.metrics.PrometheusClient;
import dev.aiops.infra.metrics.PrometheusSettings;
import dev.aiops.infra.metrics.testing.PrometheusServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One real Prometheus with the {@link UsageScenarios} backfilled, shared by the test classes of a run. */
final class ScenarioPrometheus {

    private static PrometheusServer server;

    private ScenarioPrometheus() {
    }

    static synchronized PrometheusServer server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("aiops-scenarios");
                Path data = dir.resolve("usage.om");
                UsageScenarios.write(data);
                server = PrometheusServer.start(data, dir.resolve("prometheus"));
                PrometheusServer started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    started.close();
                    delete(dir);
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    static PrometheusClient client() {
        return new PrometheusClient(PrometheusSettings.of(server().url()));
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
