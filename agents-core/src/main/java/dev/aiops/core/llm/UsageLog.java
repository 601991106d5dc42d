package dev.aiops.core.llm;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The record of every model call: one JSON object per line in a file (by default
 * {@code $XDG_STATE_HOME/aiops/usage.jsonl}), and running totals per agent, session and UTC day in memory.
 * No prompt text and no key is ever written, only counts, names and the prompt's id, version and hash.
 *
 * <p>Records are kept in memory and written as lines within a second, on {@link #flush()} and on {@link #close()},
 * so recording costs a model call neither serialisation nor a system call (the gateway's overhead budget is a few
 * microseconds); the totals are updated at once.
 */
public final class UsageLog implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final OutputStream out;
    private final Map<String, Usage> byAgent = new ConcurrentHashMap<>();
    private final Map<String, Usage> bySession = new ConcurrentHashMap<>();
    private final Map<String, Usage> byDay = new ConcurrentHashMap<>();

    private UsageLog(Path file) {
        this.file = file;
        if (file == null) {
            this.out = null;
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = new java.io.BufferedOutputStream(
                    Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the usage log " + file + ": " + e.getMessage(), e);
        }
    }

    /** A log appending to {@code file}. */
    public static UsageLog appendingTo(Path file) {
        return new UsageLog(file);
    }

    /** Totals in memory only, nothing written. */
    public static UsageLog inMemory() {
        return new UsageLog(null);
    }

    /** {@code $XDG_STATE_HOME/aiops/usage.jsonl}, or {@code ~/.local/state/aiops/usage.jsonl}. */
    public static Path defaultFile(Map<String, String> env) {
        return stateDirectory(env).resolve("usage.jsonl");
    }

    /** {@code $XDG_STATE_HOME/aiops}, or {@code ~/.local/state/aiops}: where aiops keeps its logs. */
    public static Path stateDirectory(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
        return base.resolve("aiops");
    }

    /** Records one call: a line in the file and the running totals. */
    public void append(UsageRecord r) {
        byAgent.merge(r.agent(), r.usage(), Usage::plus);
        bySession.merge(r.session(), r.usage(), Usage::plus);
        byDay.merge(r.timestamp().atOffset(ZoneOffset.UTC).toLocalDate().toString(), r.usage(), Usage::plus);
        if (out == null) {
            return;
        }
        boolean schedule;
        synchronized (pending) {
            pending.add(r);
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        if (schedule) {
            FLUSHER.schedule(this::flushQuietly, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private final List<UsageRecord> pending = new ArrayList<>();
    private boolean flushScheduled;

    private static final java.util.concurrent.ScheduledExecutorService FLUSHER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "aiops-usage-log-flush");
                t.setDaemon(true);
                return t;
            });

    /** Writes the records not yet written to the file now. */
    public void flush() {
        if (out == null) {
            return;
        }
        List<UsageRecord> batch;
        synchronized (pending) {
            batch = new ArrayList<>(pending);
            pending.clear();
            flushScheduled = false;
        }
        synchronized (this) {
            try {
                for (UsageRecord r : batch) {
                    out.write((JSON.writeValueAsString(toJson(r)) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the usage log " + file, e);
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (UncheckedIOException e) {
            org.slf4j.LoggerFactory.getLogger(UsageLog.class).warn("{}", e.getMessage());
        }
    }

    public Map<String, Usage> totalsByAgent() {
        return Map.copyOf(byAgent);
    }

    public Map<String, Usage> totalsBySession() {
        return Map.copyOf(bySession);
    }

    /** Keyed by UTC date, {@code 2026-11-24}. */
    public Map<String, Usage> totalsByDay() {
        return Map.copyOf(byDay);
    }

    @Override
    public void close() {
        if (out != null) {
            flush();
            try {
                synchronized (this) {
                    out.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * What {@link #read} found: the records at or after {@code since}, lines it could not read, and how many bytes
     * at the start of the file it left unread because the file was larger than the limit (0 when it read it all).
     */
    public record Contents(List<UsageRecord> records, List<String> skipped, long unreadBytes) {
    }

    /** Reads a whole usage log; unreadable lines are skipped and reported with their line number, never fatal. */
    public static Contents read(Path file, Instant since) {
        return read(file, since, Long.MAX_VALUE);
    }

    /**
     * Reads the last {@code maxBytes} of a usage log (records are appended, so the newest ones), from the first
     * whole line on. A missing file has no records; anything but a regular file (a directory, device or FIFO,
     * which could block or never end) is refused.
     *
     * @throws UncheckedIOException when the file is not a regular file or cannot be read
     */
    public static Contents read(Path file, Instant since, long maxBytes) {
        List<UsageRecord> records = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Contents(records, skipped, 0);
        }
        if (!Files.isRegularFile(file)) {
            String message = "the usage log " + file + " is not a regular file (a directory, device or pipe)";
            throw new UncheckedIOException(message, new IOException(message));
        }
        long unread;
        try (InputStream raw = Files.newInputStream(file)) {
            unread = Math.max(0, Files.size(file) - maxBytes);
            if (unread > 0) {
                raw.skipNBytes(unread - 1);
                // a cut inside a line leaves that line out: it cannot be read as a record
                for (int b = raw.read(); b != -1 && b != '\n'; b = raw.read()) {
                    unread++;
                }
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(limited(raw, maxBytes),
                    StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    UsageRecord r = fromJson(JSON.readTree(line));
                    if (!r.timestamp().isBefore(since)) {
                        records.add(r);
                    }
                } catch (RuntimeException e) {
                    skipped.add(file + ":" + (unread > 0 ? "line " + n + " after the first " + unread + " bytes" : n)
                            + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the usage log " + file + ": " + e.getMessage(), e);
        }
        return new Contents(records, skipped, unread);
    }

    /** At most {@code max} bytes of {@code in}, however much is appended while it is read. */
    private static InputStream limited(InputStream in, long max) {
        return new FilterInputStream(in) {
            private long left = max;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                left -= b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                left -= Math.max(n, 0);
                return n;
            }
        };
    }

    static ObjectNode toJson(UsageRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ts", r.timestamp().toString());
        n.put("agent", r.agent());
        n.put("session", r.session());
        n.put("provider", r.provider());
        n.put("model", r.model());
        n.put("promptId", r.prompt().id());
        n.put("promptVersion", r.prompt().version());
        n.put("promptHash", r.prompt().hash());
        Usage u = r.usage();
        n.put("inputTokens", u.inputTokens());
        n.put("cachedInputTokens", u.cachedInputTokens());
        n.put("outputTokens", u.outputTokens());
        n.put("reasoningTokens", u.reasoningTokens());
        n.put("estimated", u.estimated());
        n.put("costUsd", u.costUsd());
        n.put("latencyMs", r.latencyMs());
        n.put("attempts", r.attempts());
        n.put("streamed", r.streamed());
        n.put("finishReason", r.finishReason());
        n.put("outcome", r.outcome());
        n.put("error", r.error());
        return n;
    }

    static UsageRecord fromJson(JsonNode n) {
        if (!n.isObject() || !n.hasNonNull("ts") || !n.hasNonNull("model")) {
            throw new IllegalArgumentException("not a usage record (needs ts and model)");
        }
        Usage u = new Usage(n.path("inputTokens").asLong(), n.path("cachedInputTokens").asLong(),
                n.path("outputTokens").asLong(), n.path("reasoningTokens").asLong(),
                n.path("estimated").asBoolean(), n.path("costUsd").asDouble());
        return new UsageRecord(Instant.parse(n.get("ts").asString()), n.path("agent").asString("?"),
                n.path("session").asString("?"), n.path("provider").asString("?"), n.get("model").asString(),
                new PromptRef(n.path("promptId").asString("none"), n.path("promptVersion").asString("0.0.0"),
                        n.path("promptHash").asString("")),
                u, n.path("latencyMs").asLong(), n.path("attempts").asInt(1), n.path("streamed").asBoolean(),
                n.path("finishReason").asString(null), n.path("outcome").asString("ok"),
                n.path("error").asString(null));
    }
}
