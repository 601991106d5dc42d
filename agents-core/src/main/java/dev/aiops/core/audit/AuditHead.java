package dev.aiops.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * The head file beside an {@link AuditLog}, {@code {"count":n,"lastHash":"..."}}: valid when it is an object with a
 * count and a 64-hex lastHash.
 */
record AuditHead(boolean valid, long count, String lastHash) {

    /** Null when there is no head file. */
    static @Nullable AuditHead read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        JsonNode n = AuditFiles.parse(bytes);
        if (n == null || !n.path("count").isIntegralNumber() || !n.path("lastHash").isString()
                || n.get("lastHash").asString().length() != 64) {
            return new AuditHead(false, -1, "");
        }
        return new AuditHead(true, n.get("count").asLong(), n.get("lastHash").asString());
    }

    /** Replaces {@code head} atomically, through {@code headTemp}, with {@code count} and {@code lastHash}. */
    static void write(Path head, Path headTemp, long count, String lastHash) throws IOException {
        ObjectNode n = AuditFiles.JSON.createObjectNode().put("count", count).put("lastHash", lastHash);
        byte[] bytes = (AuditFiles.JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
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

    private static void forceDirectory(@Nullable Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can sync a directory; the rename itself is still atomic
        }
    }
}
