package dev.aiops.cli;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The chart in {@code charts/aiops}, linted and rendered in-process with helm-java (no helm binary), and its rendered
 * documents as fabric8 objects.
 *
 * <p>helm-java 0.0.15 differs from the helm CLI in three ways the tests work around, each on a copy of the chart,
 * never on the chart itself:
 * <ul>
 *   <li>its {@code template} renders for Kubernetes v1.20.0 and has no {@code --kube-version}, so the chart's
 *       {@code kubeVersion: ">=1.25.0-0"} would refuse it: the copy drops that line ({@link ChartMetadataTest}
 *       checks the line in the real Chart.yaml);</li>
 *   <li>its {@code template} leaves hooks out (it prints the release manifest only), so the {@code helm test} pod
 *       would never be checked: the copy renames the hook annotations ({@code helm.sh/hook} to
 *       {@value #HOOK_ANNOTATION}) so that the pod is rendered with the rest;</li>
 *   <li>its {@code lint} takes no values files: {@link #lint} lints a copy whose values.yaml is values.yaml with
 *       the overlay merged in, as Helm merges them (maps deep, everything else replaced).</li>
 * </ul>
 */
final class ChartFixture {

    /** The values files the chart ships, besides values.yaml. */
    static final List<String> VALUES_FILES = List.of("values-dev.yaml", "values-prod.yaml");

    /** What the copy calls the {@code helm.sh/hook} annotation, so that helm-java renders the hook. */
    static final String HOOK_ANNOTATION = "aiops.dev/renamed-helm-hook";

    static final String RELEASE = "aiops";
    static final String NAMESPACE = "aiops-system";

    static final YAMLMapper YAML = YAMLMapper.builder().build();
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private static Path renderable;
    private static final List<Path> TEMP = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChartFixture::deleteTemp));
    }

    private ChartFixture() {
    }

    /** The repository root (the parent of the aiops-cli module the tests run in). */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("charts/aiops/Chart.yaml")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no charts/aiops/Chart.yaml above " + dir);
    }

    static Path chart() {
        return root().resolve("charts/aiops");
    }

    /** The chart's values file {@code name} (values.yaml, values-dev.yaml, values-prod.yaml). */
    static Path valuesFile(String name) {
        return chart().resolve(name);
    }

    /** {@code helm lint --strict} of the chart with values.yaml, or with values.yaml and {@code overlay}. */
    static LintResult lint(String overlay) {
        Path dir = copyOfChart("lint");
        if (overlay != null) {
            JsonNode merged = merge(readYaml(valuesFile("values.yaml")), readYaml(valuesFile(overlay)));
            write(dir.resolve("values.yaml"), YAML.writeValueAsString(merged));
        }
        return new Helm(dir).lint().strict().call();
    }

    /** {@code helm template} with the chart's values files {@code files} (in order), then {@code overrides}. */
    static String render(List<String> files, String... overrides) {
        TemplateCommand template = new Helm(renderableCopy()).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (String f : files) {
            template = template.withValuesFile(valuesFile(f));
        }
        for (String o : overrides) {
            template = template.withValuesFile(tempValues(o));
        }
        return template.call();
    }

    /** {@code helm template} with values.yaml and one of the chart's values files (or none). */
    static String render(String valuesFile) {
        return render(valuesFile == null ? List.of() : List.of(valuesFile));
    }

    /** The rendered documents, each parsed by fabric8 (typed for the kinds it knows, generic otherwise). */
    static List<HasMetadata> parse(String rendered) {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : documents(rendered)) {
            Object o = SERIALIZATION.unmarshal(doc);
            if (!(o instanceof HasMetadata h)) {
                throw new AssertionError("not a Kubernetes object: " + o + "\n" + doc);
            }
            out.add(h);
        }
        return out;
    }

    /** The non-empty YAML documents of a rendering (comment-only documents dropped). */
    static List<String> documents(String rendered) {
        List<String> out = new ArrayList<>();
        for (String doc : DOCUMENT_SEPARATOR.split(rendered)) {
            boolean content = doc.lines().anyMatch(l -> !l.isBlank() && !l.stripLeading().startsWith("#"));
            if (content) out.add(doc);
        }
        return out;
    }

    /** The rendered documents as JSON trees. */
    static List<JsonNode> trees(String rendered) {
        return documents(rendered).stream().map(d -> (JsonNode) YAML.readTree(d)).toList();
    }

    /** The objects of {@code kind} in a rendering. */
    static List<JsonNode> ofKind(String rendered, String kind) {
        return trees(rendered).stream().filter(t -> kind.equals(t.path("kind").asString())).toList();
    }

    /** The object of {@code kind} named {@code name}; fails when there is none. */
    static JsonNode one(String rendered, String kind, String name) {
        return ofKind(rendered, kind).stream().filter(t -> name.equals(t.path("metadata").path("name").asString()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendering"));
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's coalescing of values: maps merge key by key, any other value of {@code overlay} replaces. */
    static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (!base.isObject() || !overlay.isObject()) return overlay.deepCopy();
        ObjectNode out = ((ObjectNode) base).deepCopy();
        for (Map.Entry<String, JsonNode> e : overlay.properties()) {
            JsonNode current = out.get(e.getKey());
            out.set(e.getKey(), current == null ? e.getValue().deepCopy() : merge(current, e.getValue()));
        }
        return out;
    }

    /** Every leaf path of a values tree ({@code operator.resources.limits.cpu}); lists and {@code {}} are leaves. */
    static Map<String, JsonNode> leaves(JsonNode tree) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collect("", tree, out);
        return out;
    }

    private static void collect(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                collect(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node);
        }
    }

    /** A copy of the chart helm-java can template (see the class comment), made once per test JVM. */
    private static synchronized Path renderableCopy() {
        if (renderable == null) {
            Path dir = copyOfChart("render");
            Path chartYaml = dir.resolve("Chart.yaml");
            write(chartYaml, read(chartYaml).replaceAll("(?m)^kubeVersion:.*\\R", ""));
            try (Stream<Path> files = Files.walk(dir.resolve("templates"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String text = read(f);
                    if (text.contains("helm.sh/hook")) write(f, text.replace("helm.sh/hook", HOOK_ANNOTATION));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            renderable = dir;
        }
        return renderable;
    }

    private static Path copyOfChart(String purpose) {
        try {
            Path top = Files.createTempDirectory("aiops-chart-" + purpose);
            synchronized (TEMP) {
                TEMP.add(top);
            }
            Path target = top.resolve("aiops");
            Path source = chart();
            try (Stream<Path> files = Files.walk(source)) {
                for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                    Path to = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempValues(String yaml) {
        try {
            Path f = Files.createTempFile("aiops-values", ".yaml");
            f.toFile().deleteOnExit();
            return Files.writeString(f, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTemp() {
        synchronized (TEMP) {
            for (Path top : TEMP) {
                try (Stream<Path> files = Files.walk(top)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                } catch (IOException | UncheckedIOException e) {
                    // a temp dir left behind is harmless
                }
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
