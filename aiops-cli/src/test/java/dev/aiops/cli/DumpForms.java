package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.infra.k8s.TarArchives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The other forms a dump folder takes, built from the shared samples: what {@code kubectl cluster-info dump} prints
 * to stdout, a tar archive of the folder, the Events alone as {@code kubectl get events -A -o json} prints them.
 */
final class DumpForms {

    static final Path SAMPLES = Path.of("..", "agents-domain", "src", "test", "resources", "samples");
    /** The files {@code kubectl cluster-info dump} prints per namespace, in its order. */
    private static final List<String> PRINTED = List.of("events.json", "replication-controllers.json", "services.json",
            "daemonsets.json", "deployments.json", "replicasets.json", "pods.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DumpForms() {
    }

    /** A finding of the JSON report, with all its text. */
    record Seen(String category, String object, String owner, String text) {
    }

    /** The JSON report of a run that must succeed. */
    static JsonNode report(CliRun r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return JSON.readTree(r.out());
    }

    static List<Seen> findings(JsonNode report) {
        List<Seen> out = new ArrayList<>();
        for (JsonNode f : report.path("findings")) {
            StringBuilder text = new StringBuilder(f.path("summary").asString()).append('\n')
                    .append(f.path("rootCause").asString());
            f.path("evidence").forEach(e -> text.append('\n').append(e.path("text").asString()));
            out.add(new Seen(f.path("category").asString(), f.path("object").path("name").asString(),
                    f.path("owner").path("name").asString(""), text.toString()));
        }
        return out;
    }

    static List<String> warnings(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.path("warnings").forEach(w -> out.add(w.asString()));
        return out;
    }


    static Path sample(String name) {
        return SAMPLES.resolve(name).resolve("dump");
    }

    static Path copy(Path from, Path to) throws IOException {
        return Folders.copy(from, to);
    }

    /**
     * The dump as {@code kubectl cluster-info dump} prints it: nodes, then per namespace (kube-system first) its
     * Lists and its pods' logs. {@code edit} may change a file's text (given its path in the folder) on the way.
     */
    static String stdoutForm(Path dump, BiFunction<String, String, String> edit) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append(edit.apply("nodes.json", Files.readString(dump.resolve("nodes.json"))).stripTrailing()).append('\n');
        List<String> namespaces = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(dump)) {
            dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().forEach(namespaces::add);
        }
        namespaces.remove("kube-system");
        namespaces.add(0, "kube-system");
        for (String ns : namespaces) {
            for (String file : PRINTED) {
                Path f = dump.resolve(ns).resolve(file);
                if (Files.exists(f)) {
                    out.append(edit.apply(ns + "/" + file, Files.readString(f)).stripTrailing()).append('\n');
                }
            }
            try (Stream<Path> pods = Files.list(dump.resolve(ns))) {
                for (Path pod : pods.filter(Files::isDirectory).sorted().toList()) {
                    Path logs = pod.resolve("logs.txt");
                    if (Files.exists(logs)) out.append(Files.readString(logs).stripTrailing()).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** A copy of the dump with only what {@code kubectl cluster-info dump} writes (no kinds added by hand). */
    static Path printedKindsOnly(Path dump, Path to) throws IOException {
        copy(dump, to);
        try (Stream<Path> files = Files.walk(to)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                boolean top = f.getParent().equals(to);
                if (top ? !name.equals("nodes.json") : !PRINTED.contains(name) && !name.equals("logs.txt")) Files.delete(f);
            }
        }
        return to;
    }

    static String stdoutForm(Path dump) throws IOException {
        return stdoutForm(dump, (file, text) -> text);
    }

    /** Every Event of the dump in one {@code List}, items with their kind, as {@code kubectl get events -A -o json}. */
    static String eventsOnly(Path dump) throws IOException {
        ObjectNode list = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        ArrayNode items = list.putArray("items");
        try (Stream<Path> files = Files.walk(dump)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("events.json")).sorted().toList()) {
                for (JsonNode e : JSON.readTree(f.toFile()).path("items")) {
                    ObjectNode event = (ObjectNode) e;
                    event.put("kind", "Event").put("apiVersion", "v1");
                    items.add(event);
                }
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list);
    }

    /** The folder as a tar archive (gzip-compressed when {@code gzip}) under {@code top} (none when null), then {@code extra}. */
    static Path tar(Path dir, String top, Path out, boolean gzip, List<TarArchives.Entry> extra) throws IOException {
        List<TarArchives.Entry> entries = new ArrayList<>();
        if (top != null) entries.add(TarArchives.Entry.folder(top));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted().toList()) {
                if (p.equals(dir)) continue;
                String name = (top == null ? "./" : top + "/") + dir.relativize(p).toString().replace('\\', '/');
                entries.add(Files.isDirectory(p) ? TarArchives.Entry.folder(name)
                        : TarArchives.Entry.file(name, Files.readAllBytes(p)));
            }
        }
        entries.addAll(extra);
        return TarArchives.write(entries, out, gzip);
    }
}
