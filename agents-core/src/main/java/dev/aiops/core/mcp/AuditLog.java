package dev.aiops.core.mcp;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every tool call that reaches the MCP server, one JSON line each: when, which tool, a SHA-256 of its arguments
 * (never the arguments, which may name secrets), the approval decision, the outcome and the duration.
 */
public final class AuditLog implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OutputStream out;
    private final Clock clock;

    private AuditLog(OutputStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public static AuditLog appendingTo(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new AuditLog(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                    Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code $XDG_STATE_HOME/aiops/audit.jsonl} or {@code ~/.local/state/aiops/audit.jsonl}. */
    public static Path defaultFile(Map<String, String> env) {
        return dev.aiops.core.llm.UsageLog.stateDirectory(env).resolve("audit.jsonl");
    }

    /** Writes one line at once (audit lines are not buffered). */
    public synchronized void record(String tool, String argumentsJson, String decision, String outcome,
                                    long millis) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ts", clock.instant().toString());
        n.put("tool", tool);
        n.put("argumentsSha256", sha256(argumentsJson));
        n.put("decision", decision);
        n.put("outcome", outcome);
        n.put("durationMs", millis);
        try {
            out.write((JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
