package dev.aiops.composite.oncall;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * On-call sessions on disk, one JSONL file each under the state directory: the session header, then every turn,
 * tool call and result, approval, answer and usage, in order. A file that cannot be read back is reported with its
 * line number, never silently cut.
 */
public final class SessionStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ID = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{4}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Clock clock;

    public SessionStore(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** {@code $XDG_STATE_HOME/aiops/sessions} or {@code ~/.local/state/aiops/sessions}. */
    public static Path defaultDirectory(Map<String, String> env) {
        return dev.aiops.core.llm.UsageLog.stateDirectory(env).resolve("sessions");
    }

    public Path directory() {
        return dir;
    }

    /** One session summary for {@code aiops chat --list}. */
    public record Summary(String id, Instant created, String cluster, int turns, String lastQuestion) {
    }

    /** A new session about {@code cluster}. */
    public Session create(String cluster) {
        String id = STAMP.format(clock.instant()) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(
                0x10000));
        Session s = new Session(id, file(id), List.of());
        s.append(JSON.createObjectNode().put("type", "session").put("id", id)
                .put("created", clock.instant().toString()).put("cluster", cluster));
        return s;
    }

    /**
     * The session {@code id} with its records, to continue it.
     *
     * @throws SessionException when it does not exist or a line cannot be read (naming the line)
     */
    public Session resume(String id) {
        if (!ID.matcher(id).matches()) {
            throw new SessionException("'" + id + "' is not a session id (aiops chat --list shows them)");
        }
        Path f = file(id);
        if (!Files.isRegularFile(f)) {
            throw new SessionException("no session " + id + " in " + dir + " (aiops chat --list shows them)");
        }
        return new Session(id, f, read(f));
    }

    /** Sessions, newest first; unreadable files are listed with the problem instead of a summary. */
    public List<Summary> list() {
        List<Summary> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                String id = f.getFileName().toString().replace(".jsonl", "");
                try {
                    List<ObjectNode> records = read(f);
                    ObjectNode head = records.isEmpty() ? JSON.createObjectNode() : records.get(0);
                    int turns = 0;
                    String last = "";
                    for (ObjectNode r : records) {
                        if ("user".equals(r.path("type").asString())) {
                            turns++;
                            String text = r.path("text").asString();
                            // the last question says more than the last slash command
                            if (!text.startsWith("/") || last.isEmpty() || last.startsWith("/")) {
                                last = text;
                            }
                        }
                    }
                    out.add(new Summary(id, Instant.parse(head.path("created").asString(Instant.EPOCH.toString())),
                            head.path("cluster").asString(""), turns, last));
                } catch (SessionException e) {
                    out.add(new Summary(id, Instant.EPOCH, "unreadable: " + e.getMessage(), 0, ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list sessions in " + dir + ": " + e.getMessage(), e);
        }
        Collections.reverse(out);
        return out;
    }

    private Path file(String id) {
        return dir.resolve(id + ".jsonl");
    }

    static List<ObjectNode> read(Path f) {
        List<ObjectNode> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SessionException(f + ": cannot be read: " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (JacksonException e) {
                throw new SessionException(f + ": line " + (i + 1) + " is not valid JSON (" + e.getOriginalMessage()
                        + "); the session is corrupted from there on", e);
            }
            if (!(n instanceof ObjectNode o) || !o.path("type").isString()) {
                throw new SessionException(f + ": line " + (i + 1) + " is not a session record (an object with a"
                        + " \"type\")");
            }
            if (out.isEmpty() && !"session".equals(o.path("type").asString())) {
                throw new SessionException(f + ": line " + (i + 1) + " should be the session header, not a \""
                        + o.path("type").asString() + "\" record");
            }
            out.add(o);
        }
        if (out.isEmpty()) {
            throw new SessionException(f + ": is empty (no session header)");
        }
        return out;
    }

    /** An open session: its records so far, and an appender. */
    public static final class Session {

        private final String id;
        private final Path file;
        private final List<ObjectNode> records;

        Session(String id, Path file, List<ObjectNode> records) {
            this.id = id;
            this.file = file;
            this.records = new ArrayList<>(records);
        }

        public String id() {
            return id;
        }

        public Path file() {
            return file;
        }

        public synchronized List<ObjectNode> records() {
            return List.copyOf(records);
        }

        /** Appends one record (a line, written at once). */
        public synchronized void append(ObjectNode record) {
            records.add(record);
            try {
                Files.createDirectories(file.getParent());
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
                    out.write((JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the session file " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
