package dev.aiops.core.prompt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code prompts.lock}: for every prompt its id, version, the SHA-256 of its file and the file name, one line each.
 * Changing a prompt's text without bumping its version is caught by {@link #check}; {@link #write} records the
 * current state after a deliberate change ({@code aiops prompts lock}).
 */
public final class PromptLock {

    /** One locked prompt. */
    public record Entry(String id, String version, String sha256, String file) {
    }

    private PromptLock() {
    }

    /** Reads a lock file's text; {@code source} names it in errors. */
    public static Map<String, Entry> parse(String text, String source) {
        Map<String, Entry> out = new LinkedHashMap<>();
        String[] lines = PromptRegistry.normalise(text).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 4) {
                throw new PromptException(source + ":" + (i + 1) + ": expected 'id version sha256 file'");
            }
            out.put(f[0], new Entry(f[0], f[1], f[2], f[3]));
        }
        return out;
    }

    public static Map<String, Entry> read(Path lockFile) {
        try {
            return parse(Files.readString(lockFile, StandardCharsets.UTF_8), lockFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * What is wrong between the prompts and the lock, one line each; empty when they agree.
     * A changed text under an unchanged version is the error this file exists to catch.
     */
    public static List<String> check(PromptRegistry prompts, Map<String, Entry> lock) {
        List<String> problems = new ArrayList<>();
        for (Prompt p : prompts.all()) {
            Entry e = lock.get(p.id());
            String version = p.version().toString();
            if (e == null) {
                problems.add(p.id() + ": not in " + PromptRegistry.LOCK_FILE + "; run `aiops prompts lock`");
            } else if (e.version().equals(version) && !e.sha256().equals(p.hash())) {
                problems.add(p.id() + " " + version + ": the text changed but the version did not; bump its"
                        + " version, then run `aiops prompts lock`");
            } else if (!e.version().equals(version)) {
                problems.add(p.id() + ": version " + version + " is not the locked " + e.version()
                        + "; run `aiops prompts lock` to record it");
            } else if (!e.file().equals(p.source())) {
                problems.add(p.id() + ": locked as " + e.file() + " but found in " + p.source());
            }
        }
        for (Entry e : lock.values()) {
            if (prompts.find(e.id()).isEmpty()) {
                problems.add(e.id() + ": in " + PromptRegistry.LOCK_FILE + " but there is no such prompt");
            }
        }
        return problems;
    }

    /** The lock file's text for {@code prompts}. */
    public static String render(PromptRegistry prompts) {
        StringBuilder sb = new StringBuilder("# id version sha256 file. Written by `aiops prompts lock`; a prompt"
                + " whose text changes needs a new version.\n");
        prompts.all().forEach(p -> sb.append(p.id()).append(' ').append(p.version()).append(' ').append(p.hash())
                .append(' ').append(p.source()).append('\n'));
        return sb.toString();
    }

    public static void write(PromptRegistry prompts, Path lockFile) {
        try {
            Files.writeString(lockFile, render(prompts), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + lockFile + ": " + e.getMessage(), e);
        }
    }
}
