package dev.aiops.core.prompt;

import dev.aiops.core.contract.SemVer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The prompts of the product: one Markdown file per prompt in {@code prompts/} (packaged on the classpath under
 * {@code prompts/}, with {@code prompts.lock} as the index), or any directory of {@code *.md} files.
 */
public final class PromptRegistry {

    public static final String LOCK_FILE = "prompts.lock";
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Map<String, Prompt> prompts;

    private PromptRegistry(Map<String, Prompt> prompts) {
        this.prompts = java.util.Collections.unmodifiableMap(new TreeMap<>(prompts));
    }

    /** The prompts packaged with the library, listed by the classpath copy of {@code prompts.lock}. */
    public static PromptRegistry fromClasspath() {
        ClassLoader cl = PromptRegistry.class.getClassLoader();
        String lock = read(cl, "prompts/" + LOCK_FILE);
        List<String> problems = new ArrayList<>();
        Map<String, Prompt> out = new TreeMap<>();
        for (PromptLock.Entry e : PromptLock.parse(lock, "classpath:prompts/" + LOCK_FILE).values()) {
            String name = "prompts/" + e.file();
            add(out, parse(e.file(), read(cl, name), problems), problems);
        }
        failOn(problems);
        return new PromptRegistry(out);
    }

    /** Every {@code *.md} file of {@code dir} but its README. */
    public static PromptRegistry fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PromptException(dir + ": not a directory of prompts");
        }
        List<String> problems = new ArrayList<>();
        Map<String, Prompt> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(PromptRegistry::isPromptFile).sorted().toList()) {
                add(out, parse(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8), problems),
                        problems);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompts in " + dir + ": " + e.getMessage(), e);
        }
        failOn(problems);
        return new PromptRegistry(out);
    }

    /** Markdown files other than the directory's README. */
    static boolean isPromptFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".md") && !name.equalsIgnoreCase("README.md");
    }

    public Collection<Prompt> all() {
        return prompts.values();
    }

    public Optional<Prompt> find(String id) {
        return Optional.ofNullable(prompts.get(id));
    }

    /** @throws PromptException naming the id and the ids there are */
    public Prompt get(String id) {
        return find(id).orElseThrow(() -> new PromptException("no prompt '" + id + "'; there are: "
                + String.join(", ", prompts.keySet())));
    }

    /** SHA-256 of a prompt file's text with line endings normalised to {@code \n}. */
    public static String hash(String content) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(normalise(content).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalise(String content) {
        return content.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static void add(Map<String, Prompt> out, Prompt p, List<String> problems) {
        if (p == null) {
            return;
        }
        Prompt previous = out.putIfAbsent(p.id(), p);
        if (previous != null) {
            problems.add(p.source() + ": id '" + p.id() + "' is also used by " + previous.source());
        }
    }

    /** Parses one file; problems are added with the file name and field, and null is returned. */
    static Prompt parse(String source, String content, List<String> problems) {
        String text = normalise(content);
        if (!text.startsWith("---\n")) {
            problems.add(source + ": must start with YAML front matter between '---' lines");
            return null;
        }
        int end = text.indexOf("\n---\n", 3);
        if (end < 0) {
            problems.add(source + ": the front matter is not closed by a '---' line");
            return null;
        }
        JsonNode front;
        try {
            front = YAML.readTree(text.substring(4, end + 1));
        } catch (RuntimeException e) {
            problems.add(source + ": front matter is not valid YAML: " + e.getMessage());
            return null;
        }
        String body = text.substring(end + 5);
        int before = problems.size();
        String id = front.path("id").asString("");
        if (!ID.matcher(id).matches()) {
            problems.add(source + ": /id '" + id + "' must be a dotted lower-case name such as oncall.system");
        }
        String versionText = front.path("version").asString("");
        if (!SemVer.isValid(versionText)) {
            problems.add(source + ": /version '" + versionText + "' is not a semantic version");
        }
        String description = front.path("description").asString("");
        if (description.isBlank()) {
            problems.add(source + ": /description is missing");
        }
        List<Prompt.Variable> variables = new ArrayList<>();
        JsonNode vars = front.path("variables");
        if (!vars.isMissingNode() && !vars.isObject()) {
            problems.add(source + ": /variables must map names to {type, required, description}");
        }
        for (Map.Entry<String, JsonNode> v : vars.properties()) {
            String typeName = v.getValue().path("type").asString("string");
            Prompt.Type type;
            try {
                type = Prompt.Type.valueOf(typeName.toUpperCase());
            } catch (IllegalArgumentException e) {
                problems.add(source + ": /variables/" + v.getKey() + "/type '" + typeName
                        + "' is not one of string, integer, number, boolean, list, object");
                continue;
            }
            variables.add(new Prompt.Variable(v.getKey(), type, v.getValue().path("required").asBoolean(true),
                    v.getValue().path("description").asString("")));
        }
        Set<String> used = new LinkedHashSet<>();
        Matcher m = Prompt.PLACEHOLDER.matcher(body);
        while (m.find()) {
            used.add(m.group(1));
        }
        Set<String> declared = new LinkedHashSet<>();
        variables.forEach(v -> declared.add(v.name()));
        for (String u : used) {
            if (!declared.contains(u)) {
                problems.add(source + ": the body uses {{" + u + "}}, which /variables does not declare");
            }
        }
        for (String d : declared) {
            if (!used.contains(d)) {
                problems.add(source + ": /variables/" + d + " is declared but the body never uses it");
            }
        }
        if (problems.size() > before) {
            return null;
        }
        Map<String, Object> hints = new LinkedHashMap<>();
        JsonNode model = front.path("model");
        if (model.isObject()) {
            model.properties().forEach(e -> hints.put(e.getKey(), e.getValue().isNumber()
                    ? e.getValue().numberValue() : e.getValue().asString()));
        } else if (model.isString()) {
            hints.put("name", model.asString());
        }
        Double temperature = front.hasNonNull("temperature") ? front.get("temperature").asDouble() : null;
        return new Prompt(id, SemVer.parse(versionText), description, hints, temperature, variables, body,
                hash(content), source);
    }

    private static String read(ClassLoader cl, String name) {
        try (InputStream in = cl.getResourceAsStream(name)) {
            if (in == null) {
                throw new PromptException("classpath resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void failOn(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new PromptException(String.join("\n", problems));
        }
    }
}
