package dev.aiops.infra.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads cluster state from whatever a user has, telling the format from the content: a
 * {@code kubectl cluster-info dump} folder, what that command prints to stdout (JSON Lists and log sections one
 * after another), a {@code .tar.gz}/{@code .tgz}/{@code .tar} of a dump folder, a folder or file of manifests
 * (YAML or JSON, as a GitOps repository holds them), a {@code kubectl get -o json|yaml} file, or the Events of
 * {@code kubectl get events -A -o json} alone. The snapshot says what it {@linkplain ClusterSnapshot#coverage()
 * covers}: manifests carry no status, and Events alone no objects. Parts that cannot be read become warnings naming
 * the file (or lines) and the reason; the rest is read.
 */
public final class SnapshotInput {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PEEK = 512;

    private SnapshotInput() {
    }

    /**
     * Reads {@code path}, a folder or a file in any of the accepted formats.
     *
     * @throws SnapshotException when nothing can be read from it (missing, unreadable, not Kubernetes state)
     */
    public static ClusterSnapshot read(Path path) {
        return read(path, ReadLimits.defaults());
    }

    /** As {@link #read(Path)}, reading no file or log beyond {@code readLimits}. */
    public static ClusterSnapshot read(Path path, ReadLimits readLimits) {
        return read(path, DumpArchive.Limits.DEFAULT, readLimits);
    }

    static ClusterSnapshot read(Path path, DumpArchive.Limits limits) {
        return read(path, limits, ReadLimits.defaults());
    }

    static ClusterSnapshot read(Path path, DumpArchive.Limits limits, ReadLimits rl) {
        if (!Files.exists(path)) throw new SnapshotException(path + ": no such file or directory");
        if (!Files.isReadable(path)) throw new SnapshotException(path + ": not readable (check permissions)");
        String name = path.toString();
        if (Files.isDirectory(path)) return classify(folder(path, rl), name, UnaryOperator.identity(), List.of());
        DumpFile.requireRegularFile(path, path + ": ");
        byte[] head = new byte[PEEK];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, PEEK);
        } catch (IOException e) {
            throw new SnapshotException(path + ": cannot read: " + e.getMessage(), e);
        }
        if (DumpArchive.isGzip(head, n) || DumpArchive.isTar(head, n)) {
            return withStream(path, in -> archive(in, DumpArchive.isGzip(head, n), name, limits, rl));
        }
        if (isStream(path, head, n)) return withStream(path, in -> stream(in, name, rl));
        ClusterSnapshot s = ManifestFolder.isYaml(path) ? ManifestFolder.readFile(path) : SnapshotReader.read(path, rl);
        return classify(s, name, UnaryOperator.identity(), List.of());
    }

    /**
     * Reads standard input (or any stream): the stdout form of {@code kubectl cluster-info dump}, one JSON value,
     * YAML, or a tar archive (gzip-compressed or not). {@code name} stands for it in the report and warnings.
     */
    public static ClusterSnapshot read(InputStream in, String name) {
        return read(in, name, DumpArchive.Limits.DEFAULT, ReadLimits.defaults());
    }

    /** As {@link #read(InputStream, String)}, reading no file or log beyond {@code readLimits}. */
    public static ClusterSnapshot read(InputStream in, String name, ReadLimits readLimits) {
        return read(in, name, DumpArchive.Limits.DEFAULT, readLimits);
    }

    static ClusterSnapshot read(InputStream in, String name, DumpArchive.Limits limits) {
        return read(in, name, limits, ReadLimits.defaults());
    }

    static ClusterSnapshot read(InputStream in, String name, DumpArchive.Limits limits, ReadLimits rl) {
        try {
            PushbackInputStream peek = new PushbackInputStream(in, PEEK);
            byte[] head = new byte[PEEK];
            int n = peek.readNBytes(head, 0, PEEK);
            if (n == 0) throw new SnapshotException(name + ": empty input (expected Kubernetes state)");
            peek.unread(head, 0, n);
            if (DumpArchive.isGzip(head, n) || DumpArchive.isTar(head, n)) {
                return archive(peek, DumpArchive.isGzip(head, n), name, limits, rl);
            }
            char first = firstChar(head, n);
            if (first == '{' || first == '=') return stream(peek, name, rl);
            return yaml(peek, name);
        } catch (IOException e) {
            throw new SnapshotException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private interface StreamReader {
        ClusterSnapshot read(InputStream in) throws IOException;
    }

    private static ClusterSnapshot withStream(Path path, StreamReader reader) {
        try (InputStream in = Files.newInputStream(path)) {
            return reader.read(in);
        } catch (IOException e) {
            throw new SnapshotException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A dump folder, or else a folder of manifests. */
    private static ClusterSnapshot folder(Path dir, ReadLimits rl) {
        return ManifestFolder.isDump(dir) ? SnapshotReader.read(dir, rl) : ManifestFolder.read(dir);
    }

    private static ClusterSnapshot stream(InputStream in, String name, ReadLimits rl) throws IOException {
        Path dir = Files.createTempDirectory("aiops-dump-stream");
        try {
            DumpStream.Layout layout = DumpStream.unpack(in, dir, name);
            ClusterSnapshot s = readUnpacked(dir, name, layout, rl);
            UnaryOperator<String> where = location -> {
                for (DumpStream.Part p : layout.parts()) {
                    if (p.file().equals(location)) return p.describe(name);
                }
                return name + ":" + location;
            };
            return classify(s, name, where, layout.skipped());
        } finally {
            delete(dir);
        }
    }

    private static ClusterSnapshot archive(InputStream in, boolean gzip, String name, DumpArchive.Limits limits,
                                           ReadLimits rl) throws IOException {
        Path dir = Files.createTempDirectory("aiops-dump-archive");
        try {
            List<SnapshotWarning> cut = DumpArchive.unpack(in, gzip, dir, name, limits);
            Path root = singleFolder(dir);
            String prefix = root.equals(dir) ? "" : dir.relativize(root) + "/";
            ClusterSnapshot s;
            try {
                s = folder(root, rl);
            } catch (SnapshotException e) {
                String why = cut.isEmpty() ? "" : " (" + cut.get(0) + ")";
                throw new SnapshotException(name + ": no Kubernetes state in the archive" + why + ": "
                        + e.getMessage().replace(root.toString(), "").replaceFirst("^: ", ""), e);
            }
            return classify(s, name, location -> name + ":" + prefix + location, cut);
        } finally {
            delete(dir);
        }
    }

    private static ClusterSnapshot yaml(InputStream in, String name) throws IOException {
        Path dir = Files.createTempDirectory("aiops-dump-yaml");
        try {
            Path file = dir.resolve("stdin.yaml");
            Files.copy(in, file);
            ClusterSnapshot s;
            try {
                s = ManifestFolder.readFile(file);
            } catch (SnapshotException e) {
                throw new SnapshotException(e.getMessage().replace(file.toString(), name), e);
            }
            return classify(s, name, location -> name, List.of());
        } finally {
            delete(dir);
        }
    }

    /** The folder a stream was unpacked to; when nothing in it can be read, says why the first part could not. */
    private static ClusterSnapshot readUnpacked(Path dir, String name, DumpStream.Layout layout, ReadLimits rl) {
        try {
            return SnapshotReader.read(dir, rl);
        } catch (SnapshotException e) {
            if (!e.getMessage().startsWith(dir + ": no Kubernetes")) {
                throw new SnapshotException(e.getMessage().replace(dir.toString(), name), e);
            }
            String why = layout.parts().isEmpty() ? "it has no JSON value" : "no Kubernetes object";
            if (!layout.parts().isEmpty()) {
                DumpStream.Part first = layout.parts().get(0);
                Path file = dir.resolve(first.file());
                try {
                    SnapshotReader.read(file, rl);
                } catch (SnapshotException partError) {
                    why = partError.getMessage().replace(file + ": ", first.describe(name) + ": ");
                }
            }
            throw new SnapshotException(name + ": holds no Kubernetes objects (expected what 'kubectl cluster-info"
                    + " dump' or 'kubectl get -o json' prints): " + why, e);
        }
    }

    /**
     * The snapshot under {@code name}, with its warnings' locations mapped by {@code where}, {@code before} warnings
     * first, and what it covers: Events alone, manifests (no object carries a status and there is no Event) or state.
     */
    private static ClusterSnapshot classify(ClusterSnapshot s, String name, UnaryOperator<String> where,
                                            List<SnapshotWarning> before) {
        List<SnapshotWarning> warnings = new ArrayList<>(before);
        for (SnapshotWarning w : s.warnings()) warnings.add(new SnapshotWarning(where.apply(w.location()), w.reason()));
        ClusterSnapshot.Coverage coverage = coverage(s);
        if (coverage == ClusterSnapshot.Coverage.EVENTS) {
            warnings.add(new SnapshotWarning(name, "holds only Events and none of the objects they are about:"
                    + " the findings are what the Warning events say, not checked against the objects' state"));
        }
        return s.relabel(new ClusterSnapshot.Source("dump", name), coverage, warnings);
    }

    static ClusterSnapshot.Coverage coverage(ClusterSnapshot s) {
        Set<String> kinds = s.kinds();
        if (kinds.equals(Set.of("Event"))) return ClusterSnapshot.Coverage.EVENTS;
        if (kinds.contains("Event")) return ClusterSnapshot.Coverage.STATE;
        for (String kind : kinds) {
            for (JsonNode o : s.objects(kind)) {
                JsonNode status = o.get("status");
                if (status != null && !status.isNull() && !(status.isContainer() && status.isEmpty())) {
                    return ClusterSnapshot.Coverage.STATE;
                }
            }
        }
        return ClusterSnapshot.Coverage.MANIFESTS;
    }

    /** The one folder an archive holds at its top (a dump packed with its folder), or {@code dir} itself. */
    private static Path singleFolder(Path dir) throws IOException {
        try (Stream<Path> top = Files.list(dir)) {
            List<Path> entries = top.toList();
            return entries.size() == 1 && Files.isDirectory(entries.get(0)) ? entries.get(0) : dir;
        }
    }

    /**
     * True for what {@code kubectl cluster-info dump} prints: a log section first, or a JSON value followed by more
     * (a file named {@code .txt} or anything but {@code .json}, holding JSON, is read the same way).
     */
    private static boolean isStream(Path path, byte[] head, int n) {
        char first = firstChar(head, n);
        if (first == '=') return new String(head, 0, n, StandardCharsets.UTF_8).strip()
                .startsWith(DumpStream.START);
        if (first != '{') return false;
        if (!path.getFileName().toString().endsWith(".json")) return true;
        boolean firstValueRead = false;
        try (InputStream in = Files.newInputStream(path); JsonParser p = JSON.createParser(in)) {
            p.nextToken();
            p.skipChildren();
            firstValueRead = true;
            return p.nextToken() != null;
        } catch (JacksonException e) {
            return firstValueRead; // what follows one whole value is not JSON: log sections of the stream form
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static char firstChar(byte[] head, int n) {
        for (int i = 0; i < n; i++) {
            char c = (char) (head[i] & 0xff);
            if (i == 0 && n >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
                i = 2; // a byte-order mark
                continue;
            }
            if (!Character.isWhitespace(c)) return c;
        }
        return 0;
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is harmless; the operating system clears it
        }
    }
}
