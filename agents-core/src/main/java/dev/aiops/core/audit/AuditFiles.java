package dev.aiops.core.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.jspecify.annotations.Nullable;

/** What the writer and the verifier of an {@link AuditLog} share: sibling files, the in-process lock, parsing. */
final class AuditFiles {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * A JVM holds file locks for the whole process (a second lock on the same file from another channel fails, and
     * on POSIX closing any channel of the file drops them all), so writers in one process take this lock first.
     */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private AuditFiles() {
    }

    static @Nullable JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (JacksonException e) {
            return null;
        }
    }

    static @Nullable Long seqOf(byte[] line) {
        JsonNode n = line.length == 0 ? null : parse(line);
        return n != null && n.path("seq").isIntegralNumber() ? n.get("seq").asLong() : null;
    }

    static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    static ReentrantLock localLock(Path lockFile) {
        Path key;
        try {
            key = lockFile.toRealPath();
        } catch (IOException e) {
            key = lockFile.toAbsolutePath().normalize();
        }
        return IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    }
}
