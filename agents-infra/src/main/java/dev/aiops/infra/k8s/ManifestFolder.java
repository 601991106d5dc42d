package dev.aiops.infra.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of manifests as a GitOps repository holds them: {@code .yaml}, {@code .yml} and {@code .json} files
 * at any depth, each with one or more documents ({@code ---}), objects or {@code List}s. Unlike a dump folder, a
 * folder's name says nothing about the namespace: an object without one is in {@code default}, where
 * {@code kubectl apply} would put it. Hidden folders ({@code .git}, {@code .github}) and the files of Kustomize
 * and Helm chart sources ({@code kustomization.yaml}, {@code Chart.yaml}, {@code values*.yaml}) are not read.
 */
final class ManifestFolder {

    static final String DEFAULT_NAMESPACE = "default";
    /** Files of the tools around manifests (Kustomize, Helm chart sources), which are not manifests themselves. */
    private static final Pattern TOOL_FILES = Pattern.compile("kustomization\\.ya?ml|Kustomization|Chart\\.ya?ml"
            + "|values(?:[-.][^/]*)?\\.ya?ml|Chart\\.lock");

    private ManifestFolder() {
    }

    /** True when {@code dir} is laid out as {@code kubectl cluster-info dump} writes (or holds its log files). */
    static boolean isDump(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.map(f -> f.getFileName().toString()).anyMatch(name -> name.equals("logs.txt")
                    || name.endsWith(".json") && SnapshotReader.KIND_OF_FILE.containsKey(name.substring(0, name.length() - 5)));
        } catch (IOException | UncheckedIOException e) {
            return true; // the dump reader says what cannot be listed
        }
    }

    /**
     * Reads every manifest under {@code dir}; a file that is not Kubernetes YAML or JSON becomes a warning.
     *
     * @throws SnapshotException when no file holds a Kubernetes object
     */
    static ClusterSnapshot read(Path dir) {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("dump", dir.toString()));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(f -> !hidden(dir, f) && Files.isRegularFile(f) && isManifest(f)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new SnapshotException(dir + ": cannot list files: " + e.getMessage(), e);
        }
        List<String> secretValues = new ArrayList<>();
        int objects = 0;
        for (Path f : files) {
            String where = dir.relativize(f).toString();
            try {
                objects += SnapshotReader.apply(DumpFile.read(f, DEFAULT_NAMESPACE, "", ReadLimits.defaults()),
                        DEFAULT_NAMESPACE, b, secretValues, where);
            } catch (SnapshotException e) {
                b.warn(new SnapshotWarning(where, e.getMessage()));
            } catch (UncheckedIOException e) {
                b.warn(new SnapshotWarning(where, "cannot read: " + e.getCause().getMessage()));
            }
        }
        if (objects == 0) {
            throw new SnapshotException(dir + ": no Kubernetes objects in its " + files.size() + " YAML/JSON files"
                    + " (expected manifests, or the layout of 'kubectl cluster-info dump --output-directory=DIR')");
        }
        return b.build();
    }

    /**
     * Reads one YAML file of manifests, objects without a namespace in {@code default}.
     *
     * @throws SnapshotException when the file is not Kubernetes YAML or holds no object
     */
    static ClusterSnapshot readFile(Path f) {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("dump", f.toString()));
        try {
            if (SnapshotReader.apply(DumpFile.read(f, DEFAULT_NAMESPACE, f + ": ", ReadLimits.defaults()),
                    DEFAULT_NAMESPACE, b, new ArrayList<>(), f.toString()) == 0) {
                throw new SnapshotException(f + ": holds no Kubernetes objects");
            }
        } catch (UncheckedIOException e) {
            throw new SnapshotException(f + ": cannot read: " + e.getCause().getMessage(), e);
        }
        return b.build();
    }

    static boolean isYaml(Path f) {
        String name = f.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static boolean isManifest(Path f) {
        String name = f.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) && !TOOL_FILES.matcher(name).matches();
    }

    private static boolean hidden(Path dir, Path f) {
        for (Path part : dir.relativize(f)) {
            if (part.toString().startsWith(".")) return true;
        }
        return false;
    }
}
