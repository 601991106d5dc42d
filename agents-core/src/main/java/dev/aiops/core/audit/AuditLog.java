package dev.aiops.core.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

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
        this.head = AuditFiles.sibling(file, ".head");
        this.headTemp = AuditFiles.sibling(file, ".head.tmp");
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
            Path lockFile = AuditFiles.sibling(abs, ".lock");
            Files.newByteChannel(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
            return new AuditLog(abs, lockFile, AuditFiles.localLock(lockFile), clock);
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
        appendAll(java.util.List.of(entry));
    }

    /**
     * Writes records in order, each chained to the one before, under one lock and one write to disk: for a batch
     * of decisions made together (an operator's reconcile), at the cost of one record.
     */
    public void appendAll(java.util.List<AuditEntry> entries) {
        if (entries.isEmpty()) return;
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
                append(log, entries);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    private void append(FileChannel log, java.util.List<AuditEntry> entries) throws IOException {
        Tail tail = Tail.of(log);
        AuditHead found = AuditHead.read(head);
        long seq;
        String prev;
        boolean matchesHead;
        if (tail.line == null) {
            seq = 1;
            prev = ZEROS;
            matchesHead = found == null || found.count() == 0 && found.valid();
        } else {
            prev = sha256(tail.line);
            Long lastSeq = AuditFiles.seqOf(tail.line);
            seq = lastSeq != null ? lastSeq + 1 : countLines(log) + 1;
            matchesHead = tail.terminated && lastSeq != null && found != null && found.valid()
                    && found.count() == lastSeq && found.lastHash().equals(prev);
        }
        java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
        if (tail.line != null && !tail.terminated) {
            lines.write('\n'); // end a torn line rather than join it
        }
        byte[] line = null;
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                prev = sha256(Objects.requireNonNull(line));
                seq++;
            }
            line = render(seq, prev, entries.get(i)).getBytes(StandardCharsets.UTF_8);
            lines.write(line);
            lines.write('\n');
        }
        ByteBuffer out = ByteBuffer.wrap(lines.toByteArray());
        long at = log.size();
        while (out.hasRemaining()) {
            at += log.write(out, at);
        }
        log.force(true);
        if (matchesHead) {
            AuditHead.write(head, headTemp, seq, sha256(Objects.requireNonNull(line)));
        } else if (!warned) {
            warned = true;
            LOG.warn("The audit log {} does not match its head {}; appending without updating the head. Run"
                    + " 'aiops audit verify {}'.", file, head, file);
        }
    }

    private String render(long seq, String prev, AuditEntry e) {
        ObjectNode n = AuditFiles.JSON.createObjectNode();
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
        return AuditFiles.JSON.writeValueAsString(n);
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

    /**
     * Checks the chain and the head: intact only if every line is a JSON object, {@code seq} runs 1..n, every
     * {@code prev} is the hash of the line before it, and the head holds n and the hash of line n. An absent or
     * empty log without a head is intact with 0 records.
     *
     * @throws UncheckedIOException when the log or its head cannot be read
     */
    public static Verification verify(Path file) {
        return AuditVerifier.verify(file);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    /** The last line of a file (without its newline), null when the file is empty. */
    private record Tail(byte @Nullable [] line, boolean terminated) {

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
}
