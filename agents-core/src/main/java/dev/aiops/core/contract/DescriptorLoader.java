package dev.aiops.core.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads agent descriptors from YAML ({@code skills/*.yaml}), validating each document against the
 * descriptor schema before it is turned into an {@link AgentDescriptor} through the same builder that
 * embedding code uses.
 */
public final class DescriptorLoader {

    /** Classpath location of the descriptor file schema. */
    public static final String DESCRIPTOR_SCHEMA = "dev/aiops/core/contract/agent-descriptor.schema.json";

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonSchema SCHEMA =
            JsonSchema.ofResource(DescriptorLoader.class.getClassLoader(), DESCRIPTOR_SCHEMA);

    private DescriptorLoader() {
    }

    /** Every {@code .yaml}/{@code .yml} file below {@code dir}, in path order. */
    public static DescriptorSet loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new DescriptorSet(List.of(), List.of(
                    new DescriptorProblem(dir.toString(), "", "not a readable directory")));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(DescriptorLoader::isYaml).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return new DescriptorSet(List.of(), List.of(
                    new DescriptorProblem(dir.toString(), "", "cannot list files: " + e.getMessage())));
        }
        List<AgentDescriptor> descriptors = new ArrayList<>();
        List<DescriptorProblem> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                DescriptorSet one = parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
                descriptors.addAll(one.descriptors());
                problems.addAll(one.problems());
            } catch (IOException | UncheckedIOException e) {
                problems.add(new DescriptorProblem(file.toString(), "", "cannot read: " + e.getMessage()));
            }
        }
        return new DescriptorSet(descriptors, problems);
    }

    /**
     * The descriptors bundled on the classpath under {@code root} (for example {@code skills}), whether the
     * classes come from a directory or a jar.
     */
    public static DescriptorSet loadClasspath(String root, ClassLoader loader) {
        URL url = loader.getResource(root);
        if (url == null) {
            return new DescriptorSet(List.of(), List.of(
                    new DescriptorProblem("classpath:" + root, "", "no such resource directory")));
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return loadDirectory(fs.getPath(root));
                }
            }
            return loadDirectory(Path.of(uri));
        } catch (IOException | URISyntaxException e) {
            return new DescriptorSet(List.of(), List.of(
                    new DescriptorProblem("classpath:" + root, "", "cannot open: " + e.getMessage())));
        }
    }

    /** Parses one YAML text holding one or more descriptor documents. */
    public static DescriptorSet parse(String source, String yaml) {
        List<AgentDescriptor> descriptors = new ArrayList<>();
        List<DescriptorProblem> problems = new ArrayList<>();
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                documents.add(it.nextValue());
            }
        } catch (JacksonException e) {
            problems.add(new DescriptorProblem(source, "", "not valid YAML: " + JsonSchema.oneLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
            return new DescriptorSet(descriptors, problems);
        }
        if (documents.stream().allMatch(d -> d == null || d.isNull() || d.isMissingNode())) {
            problems.add(new DescriptorProblem(source, "", yaml.isEmpty()
                    ? "the file is empty (0 bytes); a descriptor file holds at least one agent descriptor"
                    : "the file holds no descriptor, only comments or empty documents"));
            return new DescriptorSet(descriptors, problems);
        }
        for (int i = 0; i < documents.size(); i++) {
            String where = documents.size() == 1 ? source : source + "#" + (i + 1);
            JsonNode doc = documents.get(i);
            if (doc == null || doc.isNull() || doc.isMissingNode()) {
                continue;
            }
            try {
                descriptors.add(fromNode(doc));
            } catch (InvalidContractException e) {
                for (SchemaViolation v : e.violations()) {
                    problems.add(new DescriptorProblem(where, v.pointer(), v.message()));
                }
                if (e.violations().isEmpty()) {
                    problems.add(new DescriptorProblem(where, "", Objects.toString(e.getMessage(), e.toString())));
                }
            }
        }
        return new DescriptorSet(descriptors, problems);
    }

    /**
     * Turns one descriptor document into the model.
     *
     * @throws InvalidContractException with every violation of the descriptor schema and of the contracts
     */
    public static AgentDescriptor fromNode(JsonNode doc) {
        List<SchemaViolation> external = new ArrayList<>();
        externalRefs(doc, "", external);
        if (!external.isEmpty()) {
            throw new InvalidContractException("descriptor refers outside itself", external);
        }
        List<SchemaViolation> violations = SCHEMA.validate(doc);
        if (!violations.isEmpty()) {
            throw new InvalidContractException("descriptor does not match its schema", violations);
        }
        AgentDescriptor.Builder b = AgentDescriptor.builder(doc.get("name").asString())
                .tier(Tier.parse(doc.get("tier").asString()))
                .version(doc.get("version").asString())
                .description(text(doc, "description"));
        for (JsonNode s : doc.path("services")) {
            b.service(s.asString());
        }
        if (doc.has("context")) {
            JsonNode c = doc.get("context");
            b.context(new AgentDescriptor.ContextPolicy(c.path("pruning").asString("tool-output-trimming"),
                    c.path("keepLastTurns").asInt(3)));
        }
        for (JsonNode d : doc.path("dependsOn")) {
            b.dependsOn(d.get("skill").asString(), d.get("version").asString());
        }
        List<SchemaViolation> problems = new ArrayList<>();
        JsonNode skills = doc.get("skills");
        for (int i = 0; i < skills.size(); i++) {
            try {
                b.skill(skill(skills.get(i)));
            } catch (InvalidContractException e) {
                for (SchemaViolation v : e.violations()) {
                    problems.add(new SchemaViolation("/skills/" + i + v.pointer(), v.keyword(), v.message()));
                }
            } catch (RuntimeException e) {
                problems.add(new SchemaViolation("/skills/" + i, "value", Objects.toString(e.getMessage(), e.toString())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidContractException("invalid skills", problems);
        }
        return b.build();
    }

    private static SkillContract skill(JsonNode s) {
        JsonNode sla = s.get("sla");
        Duration timeout = Durations.parse(sla.get("timeout").asString());
        Duration p95 = sla.has("p95Latency") ? Durations.parse(sla.get("p95Latency").asString())
                : Collections.min(List.of(timeout, Sla.DEFAULT.p95Latency()));
        double availability = sla.has("availability") ? sla.get("availability").asDouble()
                : Sla.DEFAULT.availabilityPercent();
        Sla parsedSla;
        try {
            parsedSla = new Sla(timeout, p95, availability);
        } catch (IllegalArgumentException e) {
            throw new InvalidContractException("invalid sla",
                    List.of(new SchemaViolation("/sla", "sla", Objects.toString(e.getMessage(), e.toString()))));
        }
        return SkillContract.builder(s.get("name").asString())
                .version(s.get("version").asString())
                .description(s.get("description").asString())
                .sideEffect(SideEffect.parse(s.get("sideEffects").asString()))
                .idempotent(s.get("idempotent").asBoolean())
                .sla(parsedSla)
                .input(s.get("input"))
                .output(s.get("output"))
                .build();
    }

    /**
     * Every {@code $ref} that is not a local reference ({@code #...}): a descriptor is read on its own, and a
     * reference to a file or URL would make validating it read other files or the network.
     */
    private static void externalRefs(JsonNode node, String pointer, List<SchemaViolation> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String at = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                JsonNode v = e.getValue();
                if (e.getKey().equals("$ref") && v.isString() && !v.asString().startsWith("#")) {
                    out.add(new SchemaViolation(at, "$ref", "'" + v.asString() + "' is not a local reference;"
                            + " only references starting with '#' are allowed"));
                } else {
                    externalRefs(v, at, out);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                externalRefs(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    private static String text(JsonNode doc, String field) {
        JsonNode n = doc.get(field);
        return n == null ? "" : n.asString();
    }

    private static boolean isYaml(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        return Files.isRegularFile(p) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

}
