package dev.aiops.domain.spec;

import dev.aiops.core.contract.JsonSchema;
import dev.aiops.core.contract.SchemaViolation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a deployment spec from YAML: the document is checked against the schema (every violation, each with its
 * JSON pointer and line), then turned into a {@link DeploymentSpec} and checked for fields that contradict each
 * other. Problems are values; nothing is thrown for a bad file.
 */
public final class SpecReader {

    /** Classpath location of the schema, whose home is {@code skills/schema/deployment-spec.schema.json}. */
    public static final String SCHEMA_RESOURCE = "dev/aiops/domain/spec/deployment-spec.schema.json";

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonSchema SCHEMA = JsonSchema.ofResource(SpecReader.class.getClassLoader(), SCHEMA_RESOURCE);

    private SpecReader() {
    }

    /** The deployment spec schema (JSON Schema 2020-12). */
    public static JsonSchema schema() {
        return SCHEMA;
    }

    /** Reads one spec file; a file that cannot be read is a {@link SpecProblem.Kind#UNREADABLE} problem. */
    public static SpecRead read(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) return unreadable(source, "is a directory, not a spec file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return unreadable(source, "no such file");
        } catch (AccessDeniedException e) {
            return unreadable(source, "not readable (check permissions)");
        } catch (CharacterCodingException e) {
            return unreadable(source, "not UTF-8 text");
        } catch (IOException | UncheckedIOException e) {
            return unreadable(source, "cannot read: " + e.getMessage());
        }
        return parse(source, text);
    }

    /** Reads a spec from {@code yaml}; {@code source} names it in problems. */
    public static SpecRead parse(String source, String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) documents.add(doc);
            }
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            return new SpecRead(null, List.of(new SpecProblem(source, SpecProblem.Kind.UNREADABLE, "", line,
                    "not valid YAML: " + JsonSchema.oneLine(e.getOriginalMessage()))));
        }
        if (documents.isEmpty()) return unreadable(source, "holds no YAML document");
        if (documents.size() > 1) {
            return new SpecRead(null, List.of(new SpecProblem(source, SpecProblem.Kind.SCHEMA, "", 0,
                    "holds " + documents.size() + " YAML documents; a spec file holds one spec")));
        }
        JsonNode doc = documents.get(0);
        YamlLines lines = YamlLines.of(yaml);
        List<SpecProblem> problems = new ArrayList<>();
        for (SchemaViolation v : SchemaMessages.explain(SCHEMA.validate(doc))) {
            problems.add(new SpecProblem(source, SpecProblem.Kind.SCHEMA, v.pointer(), lines.lineOf(v.pointer()),
                    v.message()));
        }
        if (!problems.isEmpty()) return new SpecRead(null, inLineOrder(problems));
        DeploymentSpec spec;
        try {
            spec = YAML.treeToValue(doc, DeploymentSpec.class);
        } catch (JacksonException e) {
            // the schema admits only what the types can hold; this is a bug if it happens
            return new SpecRead(null, List.of(new SpecProblem(source, SpecProblem.Kind.SCHEMA, "", 0,
                    "cannot be read as a DeploymentSpec: " + JsonSchema.oneLine(e.getOriginalMessage()))));
        }
        for (SpecConsistency.Contradiction c : SpecConsistency.check(spec)) {
            problems.add(new SpecProblem(source, SpecProblem.Kind.CONSISTENCY, c.pointer(), lines.lineOf(c.pointer()),
                    c.message()));
        }
        return problems.isEmpty() ? new SpecRead(spec, List.of()) : new SpecRead(null, inLineOrder(problems));
    }

    /** The validator reports in schema order; people read files top to bottom. */
    private static List<SpecProblem> inLineOrder(List<SpecProblem> problems) {
        List<SpecProblem> sorted = new ArrayList<>(problems);
        sorted.sort(java.util.Comparator.comparingInt(SpecProblem::line));
        return sorted;
    }

    private static SpecRead unreadable(String source, String why) {
        return new SpecRead(null, List.of(new SpecProblem(source, SpecProblem.Kind.UNREADABLE, "", 0, why)));
    }

}
