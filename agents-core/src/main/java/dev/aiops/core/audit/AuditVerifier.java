package dev.aiops.core.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** Checks an {@link AuditLog}'s hash chain against its head file; see {@link AuditLog#verify}. */
final class AuditVerifier {

    private AuditVerifier() {
    }

    /** See {@link AuditLog#verify}. */
    static Verification verify(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path head = AuditFiles.sibling(abs, ".head");
        Path lockFile = AuditFiles.sibling(abs, ".lock");
        ReentrantLock local = Files.exists(lockFile) ? AuditFiles.localLock(lockFile) : null;
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
        AuditHead head;
        try {
            head = AuditHead.read(headFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + headFile + ": " + e.getMessage(), e);
        }
        long headCount = head != null && head.valid() ? head.count() : -1;
        String hashAtHeadCount = null;
        long lines = 0;
        String prevHash = AuditLog.ZEROS;
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
                        Long s = AuditFiles.seqOf(line.bytes);
                        missingSeqFound = s != null && s == missingSeq;
                    }
                    continue;
                }
                String hash = AuditLog.sha256(line.bytes);
                if (lines == headCount) {
                    hashAtHeadCount = hash;
                }
                JsonNode n = line.bytes.length == 0 ? null : AuditFiles.parse(line.bytes);
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
        if (!head.valid()) {
            return Verification.bad(lines, 1, "the head file " + headFile.getFileName() + " is not a JSON object"
                    + " with count and lastHash");
        }
        if (head.count() > lines) {
            return Verification.bad(lines, lines + 1, "the head records " + head.count() + " records but the log"
                    + " ends after " + lines + ": the last records were removed (truncated)");
        }
        if (head.count() < lines) {
            if (head.count() > 0 && !head.lastHash().equals(hashAtHeadCount)) {
                return Verification.bad(lines, head.count(), "its hash does not match the head's last hash: the"
                        + " record was changed and records were appended after it");
            }
            return Verification.bad(lines, head.count() + 1, "the head records " + head.count() + " records and"
                    + " this line is beyond them: it was appended without updating the head (forged, or its writer"
                    + " crashed)");
        }
        if (lines > 0 && !head.lastHash().equals(prevHash)
                || lines == 0 && !head.lastHash().equals(AuditLog.ZEROS)) {
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

    /** One line of a stream, without its newline. */
    private record Line(byte[] bytes, boolean terminated) {

        static @Nullable Line next(InputStream in) throws IOException {
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
