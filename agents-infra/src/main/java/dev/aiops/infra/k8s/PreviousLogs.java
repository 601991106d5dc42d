package dev.aiops.infra.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The logs of the previous instance of containers ({@code kubectl logs --previous}) saved in a dump folder beside
 * the current ones, in {@code NS/POD/}: {@code logs.previous.txt} (with the {@code ==== START logs for container}
 * markers of {@code logs.txt}, or the plain output of one container: the pod's default container) or
 * {@code CONTAINER.previous.log} / {@code CONTAINER.previous.txt}. They are kept as the logs of container
 * {@code "CONTAINER (previous)"}, where the analyzers look for a crash's cause.
 */
final class PreviousLogs {

    /** The suffix under which a container's previous logs are kept, as the live reader keeps them. */
    static final String SUFFIX = " (previous)";
    private static final Pattern POD_FILE = Pattern.compile("(?:logs\\.)?previous\\.(?:txt|log)");
    private static final Pattern CONTAINER_FILE = Pattern.compile("(.+)\\.previous\\.(?:txt|log)");
    private static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

    private PreviousLogs() {
    }

    /** Adds the previous logs found under {@code dir} to {@code logs}; files that cannot be placed become warnings. */
    static void read(Path dir, ClusterSnapshot.Builder b, Map<String, Map<String, List<String>>> logs,
                     ReadLimits limits) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(f -> isPreviousLog(f.getFileName().toString()) && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return; // the directory was listed a moment ago; what cannot be listed now was reported then
        }
        for (Path f : files) {
            String where = dir.relativize(f).toString();
            try {
                String reason = add(dir, f, b, logs, limits);
                if (reason != null) b.warn(new SnapshotWarning(where, reason));
            } catch (IOException | UncheckedIOException e) {
                b.warn(new SnapshotWarning(where, "cannot read: " + e.getMessage()));
            }
        }
    }

    static boolean isPreviousLog(String name) {
        return POD_FILE.matcher(name).matches() || CONTAINER_FILE.matcher(name).matches();
    }

    /** Adds one file; returns why it was not read, or null. */
    private static String add(Path dir, Path f, ClusterSnapshot.Builder b, Map<String, Map<String, List<String>>> logs,
                              ReadLimits limits) throws IOException {
        String name = f.getFileName().toString();
        Map<String, Map<String, List<String>>> marked = new LinkedHashMap<>();
        for (String note : LogFile.read(f, limits.maxLogBytes(), marked)) {
            b.warn(new SnapshotWarning(dir.relativize(f).toString(), note));
        }
        if (!marked.isEmpty()) {
            marked.forEach((pod, containers) -> containers.forEach((c, lines) ->
                    logs.computeIfAbsent(pod, k -> new LinkedHashMap<>()).put(c + SUFFIX, lines)));
            return null;
        }
        Path rel = dir.relativize(f);
        if (rel.getNameCount() != 3) {
            return "previous logs without '==== START logs for container' markers must lie in NAMESPACE/POD/";
        }
        String ns = rel.getName(0).toString();
        String pod = rel.getName(1).toString();
        Matcher m = CONTAINER_FILE.matcher(name);
        String container = m.matches() && !POD_FILE.matcher(name).matches() ? m.group(1) : defaultContainer(b, ns, pod);
        if (container == null) {
            return "pod " + ns + "/" + pod + " is not in the dump, so the container these logs belong to is unknown";
        }
        if (Files.size(f) > limits.maxLogBytes()) {
            return "is " + ReadLimits.describe(Files.size(f)) + ", over the " + ReadLimits.describe(limits.maxLogBytes())
                    + " limit for a log file (raise it with --max-log-size); file skipped";
        }
        logs.computeIfAbsent(ns + "/" + pod, k -> new LinkedHashMap<>())
                .put(container + SUFFIX, Files.readAllLines(f, StandardCharsets.UTF_8));
        return null;
    }

    /** The container {@code kubectl logs POD} reads: the annotated default, else the first. */
    private static String defaultContainer(ClusterSnapshot.Builder b, String ns, String pod) {
        JsonNode p = b.added("Pod", ns, pod);
        if (p == null) return null;
        String annotated = K8s.annotation(p, DEFAULT_CONTAINER);
        if (annotated != null) return annotated;
        List<String> names = new ArrayList<>();
        for (JsonNode c : p.path("spec").path("containers")) names.add(c.path("name").asString(""));
        return names.isEmpty() ? null : names.get(0);
    }
}
