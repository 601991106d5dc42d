package dev.aiops.core.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The append-only, tamper-evident record of every action of every agent: one JSON object per line with
 * {@code seq} (1-based), {@code ts}, {@code agent}, {@code action}, {@code target}, {@code argumentsSha256}
 * (never the arguments, which may hold secrets; left out when there are none), {@code decision},
 * {@code outcome}, {@code durationMs}, {@code details} and {@code prev}: the SHA-256 (hex) of the previous line's
 * exact UTF-8 bytes without its newline, 64 zeros for the first line. Each line is forced to disk before
 * {@link #append} returns.
 *
 * <p>Beside the log, {@code <name>.head} holds {@code {"count":n,"lastHash":"..."}}, replaced atomically after each
 * append, so a log cut short or with records appended by something else no longer matches it. Several writers,
 * in one process or in several (a chat session and the MCP server), may append to one file: each append holds an
 * exclusive {@link FileLock} on {@code <name>.lock} and reads the last line and the head again under it.
 *
 * <p>A writer that finds the log and the head disagreeing (a record appended or removed behind its back, a head
 * deleted) still appends, chained to the last line, but leaves the head as it found it, so {@link #verify} keeps
 * pointing at the first bad line.
 */
public final class AuditLog implements AutoCloseable {

    static final String ZEROS = "0".repeat(64);

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * A JVM holds file locks for the whole process (a second lock on the same file from another channel fails, and
     * on POSIX closing any channel of the file drops them all), so writers in one process take this lock first.
     */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path head;
    private final Path headTemp;
    private final Path lockFile;
    private final ReentrantLock local;
    private final Clock clock;
    private boolean closed;
    private boolean warned;

    private AuditLog(Path file, Path lockFile, ReentrantLock local, Clock clock) {
        this.file = file;
        this.head = sibling(file, ".head");
        this.headTemp = sibling(file, ".head.tmp");
        this.lockFile = lockFile;
        this.local = local;
        this.clock = clock;
    }

    /** A log appending to {@code file} (created, with its parent directories, when absent). */
    public static AuditLog appendingTo(Path file) {
        return appendingTo(file, Clock.systemUTC());
    }

    static AuditLog appendingTo(Path file, Clock clock) {
        Path abs = file.toAbsolutePath().normalize();
        try {
            Path parent = abs.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // fail now, not at the first action, when the log cannot be written
            Files.newByteChannel(abs, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
            Path lockFile = sibling(abs, ".lock");
            Files.newByteChannel(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
            return new AuditLog(abs, lockFile, localLock(lockFile), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code $XDG_STATE_HOME/aiops/audit.jsonl} or {@code ~/.local/state/aiops/audit.jsonl}. */
    public static Path defaultFile(Map<String, String> env) {
        return dev.aiops.core.llm.UsageLog.stateDirectory(env).resolve("audit.jsonl");
    }

    /** Writes one record, chained to the last line of the file, and returns once it is on disk. */
    public void append(AuditEntry entry) {
        local.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the audit log " + file + " is closed");
            }
            try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = lockChannel.lock();
                 FileChannel log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                         StandardOpenOption.WRITE)) {
                append(log, entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    private void append(FileChannel log, AuditEntry entry) throws IOException {
        Tail tail = Tail.of(log);
        Head found = Head.read(head);
        long seq;
        String prev;
        boolean matchesHead;
        if (tail.line == null) {
            seq = 1;
            prev = ZEROS;
            matchesHead = found == null || found.count == 0 && found.valid;
        } else {
            prev = sha256(tail.line);
            Long lastSeq = seqOf(tail.line);
            seq = lastSeq != null ? lastSeq + 1 : countLines(log) + 1;
            matchesHead = tail.terminated && lastSeq != null && found != null && found.valid
                    && found.count == lastSeq && found.lastHash.equals(prev);
        }
        byte[] line = render(seq, prev, entry).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(line.length + 2);
        if (tail.line != null && !tail.terminated) {
            out.put((byte) '\n'); // end a torn line rather than join it
        }
        out.put(line).put((byte) '\n').flip();
        long at = log.size();
        while (out.hasRemaining()) {
            at += log.write(out, at);
        }
        log.force(true);
        if (matchesHead) {
            writeHead(seq, sha256(line));
        } else if (!warned) {
            warned = true;
            LOG.warn("The audit log {} does not match its head {}; appending without updating the head. Run"
                    + " 'aiops audit verify {}'.", file, head, file);
        }
    }

    private String render(long seq, String prev, AuditEntry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("seq", seq);
        n.put("ts", clock.instant().toString());
        n.put("agent", e.agent());
        n.put("action", e.action());
        n.put("target", e.target());
        if (e.arguments() != null) {
            n.put("argumentsSha256", sha256(e.arguments().getBytes(StandardCharsets.UTF_8)));
        }
        n.put("decision", e.decision());
        n.put("outcome", e.outcome());
        n.put("durationMs", e.durationMs());
        ObjectNode details = n.putObject("details");
        e.details().forEach(details::put);
        n.put("prev", prev);
        return JSON.writeValueAsString(n);
    }

    private void writeHead(long count, String lastHash) throws IOException {
        ObjectNode n = JSON.createObjectNode().put("count", count).put("lastHash", lastHash);
        byte[] bytes = (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(headTemp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(headTemp, head, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + head + " atomically: " + e.getMessage(), e);
        }
        forceDirectory(head.getParent());
    }

    private static void forceDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can sync a directory; the rename itself is still atomic
        }
    }

    /**
     * Checks the chain and the head: intact only if every line is a JSON object, {@code seq} runs 1..n, every
     * {@code prev} is the hash of the line before it, and the head holds n and the hash of line n. An absent or
     * empty log without a head is intact with 0 records.
     *
     * @throws UncheckedIOException when the log or its head cannot be read
     */
    public static Verification verify(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path head = sibling(abs, ".head");
        Path lockFile = sibling(abs, ".lock");
        ReentrantLock local = Files.exists(lockFile) ? localLock(lockFile) : null;
        if (local == null) {
            return check(abs, head);
        }
        // under the writers' lock, so as not to see a record whose head is not written yet
        local.lock();
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.READ);
             FileLock ignored = lockChannel.lock(0, Long.MAX_VALUE, true)) {
            return check(abs, head);
        } catch (IOException e) {
            return check(abs, head); // cannot lock (e.g. read-only): check what is there
        } finally {
            local.unlock();
        }
    }

    private static Verification check(Path file, Path headFile) {
        Head head;
        try {
            head = Head.read(headFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + headFile + ": " + e.getMessage(), e);
        }
        long headCount = head != null && head.valid ? head.count : -1;
        String hashAtHeadCount = null;
        long lines = 0;
        String prevHash = ZEROS;
        long badLine = 0;
        String problem = null;
        long missingSeq = -1; // a gap in seq: record missingSeq is deleted unless it comes later (then reordered)
        long gapTo = -1;
        boolean missingSeqFound = false;
        try (InputStream in = openOrEmpty(file)) {
            Line line;
            while ((line = Line.next(in)) != null) {
                lines++;
                if (badLine != 0) {
                    if (missingSeq > 0 && !missingSeqFound) {
                        Long s = seqOf(line.bytes);
                        missingSeqFound = s != null && s == missingSeq;
                    }
                    continue;
                }
                String hash = sha256(line.bytes);
                if (lines == headCount) {
                    hashAtHeadCount = hash;
                }
                JsonNode n = line.bytes.length == 0 ? null : parse(line.bytes);
                if (line.bytes.length == 0) {
                    badLine = lines;
                    problem = "the line is empty";
                } else if (n == null || !n.isObject()) {
                    badLine = lines;
                    problem = "the line is not a JSON object";
                } else if (!n.path("seq").isIntegralNumber()) {
                    badLine = lines;
                    problem = "the line has no seq, so it is not a record of a chained audit log";
                } else if (n.get("seq").asLong() != lines) {
                    long seq = n.get("seq").asLong();
                    badLine = lines;
                    if (seq > lines) {
                        missingSeq = lines;
                        gapTo = seq - 1;
                    } else {
                        problem = "its seq is " + seq + " where " + lines + " was expected: a record was repeated"
                                + " or moved";
                    }
                } else if (!n.path("prev").isString()) {
                    badLine = lines;
                    problem = "the line has no prev hash";
                } else if (!n.get("prev").asString().equals(prevHash)) {
                    if (lines == 1) {
                        badLine = 1;
                        problem = "its prev is not 64 zeros, as the first record's must be";
                    } else {
                        badLine = lines - 1;
                        problem = "its hash does not match the prev of line " + lines + ": the line was changed";
                    }
                } else if (!line.terminated) {
                    badLine = lines;
                    problem = "the line does not end with a newline";
                }
                prevHash = hash;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        if (missingSeq > 0) {
            problem = missingSeqFound
                    ? "its seq is " + (gapTo + 1) + " where " + missingSeq + " was expected and record " + missingSeq
                            + " comes later: the lines were reordered"
                    : "its seq is " + (gapTo + 1) + " where " + missingSeq + " was expected: "
                            + (gapTo == missingSeq ? "record " + missingSeq + " was deleted"
                                    : "records " + missingSeq + " to " + gapTo + " were deleted");
        }
        if (badLine != 0) {
            return Verification.bad(lines, badLine, problem);
        }
        if (head == null) {
            return lines == 0 ? Verification.ok(0)
                    : Verification.bad(lines, 1, "the head file " + headFile.getFileName() + " is missing, so"
                            + " removed or appended records cannot be ruled out");
        }
        if (!head.valid) {
            return Verification.bad(lines, 1, "the head file " + headFile.getFileName() + " is not a JSON object"
                    + " with count and lastHash");
        }
        if (head.count > lines) {
            return Verification.bad(lines, lines + 1, "the head records " + head.count + " records but the log"
                    + " ends after " + lines + ": the last records were removed (truncated)");
        }
        if (head.count < lines) {
            if (head.count > 0 && !head.lastHash.equals(hashAtHeadCount)) {
                return Verification.bad(lines, head.count, "its hash does not match the head's last hash: the"
                        + " record was changed and records were appended after it");
            }
            return Verification.bad(lines, head.count + 1, "the head records " + head.count + " records and this"
                    + " line is beyond them: it was appended without updating the head (forged, or its writer"
                    + " crashed)");
        }
        if (lines > 0 && !head.lastHash.equals(prevHash) || lines == 0 && !head.lastHash.equals(ZEROS)) {
            return Verification.bad(lines, Math.max(lines, 1), "its hash does not match the head's last hash: the"
                    + " last record was changed or replaced");
        }
        return Verification.ok(lines);
    }

    private static InputStream openOrEmpty(Path file) throws IOException {
        try {
            return new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        } catch (NoSuchFileException e) {
            return InputStream.nullInputStream();
        }
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static Long seqOf(byte[] line) {
        JsonNode n = line.length == 0 ? null : parse(line);
        return n != null && n.path("seq").isIntegralNumber() ? n.get("seq").asLong() : null;
    }

    private static long countLines(FileChannel ch) throws IOException {
        long lines = 0;
        boolean endsWithNewline = true;
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        long at = 0;
        int n;
        while ((n = ch.read(b.clear(), at)) > 0) {
            for (int i = 0; i < n; i++) {
                if (b.get(i) == '\n') {
                    lines++;
                }
            }
            endsWithNewline = b.get(n - 1) == '\n';
            at += n;
        }
        return endsWithNewline ? lines : lines + 1;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static ReentrantLock localLock(Path lockFile) {
        Path key;
        try {
            key = lockFile.toRealPath();
        } catch (IOException e) {
            key = lockFile.toAbsolutePath().normalize();
        }
        return IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    }

    /** Appending after this fails; nothing is held open between appends. */
    @Override
    public void close() {
        local.lock();
        try {
            closed = true;
        } finally {
            local.unlock();
        }
    }

    /** The head file: valid when it is an object with a count and a 64-hex lastHash. */
    private record Head(boolean valid, long count, String lastHash) {

        /** Null when there is no head file. */
        static Head read(Path file) throws IOException {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                return null;
            }
            JsonNode n = parse(bytes);
            if (n == null || !n.path("count").isIntegralNumber() || !n.path("lastHash").isString()
                    || n.get("lastHash").asString().length() != 64) {
                return new Head(false, -1, "");
            }
            return new Head(true, n.get("count").asLong(), n.get("lastHash").asString());
        }
    }

    /** The last line of a file (without its newline), null when the file is empty. */
    private record Tail(byte[] line, boolean terminated) {

        static Tail of(FileChannel ch) throws IOException {
            long size = ch.size();
            if (size == 0) {
                return new Tail(null, true);
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, size - 1);
            boolean terminated = one.get(0) == '\n';
            long end = terminated ? size - 1 : size;
            long start = 0;
            ByteBuffer chunk = ByteBuffer.allocate(8192);
            search:
            for (long to = end; to > 0; ) {
                int n = (int) Math.min(chunk.capacity(), to);
                readFully(ch, chunk.clear().limit(n), to - n);
                for (int i = n - 1; i >= 0; i--) {
                    if (chunk.get(i) == '\n') {
                        start = to - n + i + 1;
                        break search;
                    }
                }
                to -= n;
            }
            byte[] line = new byte[Math.toIntExact(end - start)];
            readFully(ch, ByteBuffer.wrap(line), start);
            return new Tail(line, terminated);
        }

        private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
            while (b.hasRemaining()) {
                int n = ch.read(b, at);
                if (n < 0) {
                    throw new IOException("the audit log shrank while it was locked");
                }
                at += n;
            }
        }
    }

    /** One line of a stream, without its newline. */
    private record Line(byte[] bytes, boolean terminated) {

        static Line next(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(256);
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    return new Line(b.toByteArray(), true);
                }
                b.write(c);
            }
            return b.size() == 0 ? null : new Line(b.toByteArray(), false);
        }
    }
}
