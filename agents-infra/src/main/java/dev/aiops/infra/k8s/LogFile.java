package dev.aiops.infra.k8s;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code logs.txt} of {@code kubectl cluster-info dump}: one part per
 * {@code ==== START logs for container C of pod NS/P ====} ... {@code ==== END logs for container ...} block, kept
 * as the bytes read (lines are decoded and redacted only when someone reads them). A file holding one container,
 * kubectl's usual case, is not split into lines at all, and of a file over {@link #MAX_BYTES} only the last
 * {@code MAX_BYTES} are read, as the live reader asks the API server for at most that much of each log.
 */
final class LogFile {

    /** The most of one log file read: its end, where analyses look. The live reader's {@code limitBytes}. */
    static final int MAX_BYTES = 2 * 1024 * 1024;
    private static final int HEAD = 4096;
    private static final Pattern START = Pattern.compile("==== START logs for container (\\S+) of pod ([^/\\s]+)/(\\S+) ====");
    private static final Pattern END = Pattern.compile("==== END logs for container .* ====");
    private static final byte[] MARKER = "==== ".getBytes(StandardCharsets.US_ASCII);

    /** The log lines of one container, {@code bytes[from, to)}. */
    record Part(String namespace, String pod, String container, byte[] bytes, int from, int to) {
    }

    private LogFile() {
    }

    static List<Part> read(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > MAX_BYTES) {
                byte[] head = readAt(ch, 0, HEAD);
                byte[] tail = readAt(ch, size - MAX_BYTES, MAX_BYTES);
                int cut = indexOf(tail, (byte) '\n', 0) + 1;
                Part one = single(head, tail, cut);
                if (one != null) return List.of(one);
                return parts(tail, cut);
            }
            byte[] all = readAt(ch, 0, (int) size);
            Part one = single(all, all, 0);
            return one != null ? List.of(one) : parts(all, 0);
        }
    }

    /**
     * The file's one part when it starts with a START line (in {@code head}) and {@code body} ends with the END line
     * of the same container; null otherwise. Lines between them are the log, from {@code cut} on when the body is
     * the file's tail.
     */
    private static Part single(byte[] head, byte[] body, int cut) {
        int firstEnd = indexOf(head, (byte) '\n', 0);
        if (firstEnd < 0) return null;
        Matcher start = START.matcher(line(head, 0, firstEnd));
        if (!start.matches()) return null;
        int end = body.length;
        while (end > 0 && (body[end - 1] == '\n' || body[end - 1] == '\r')) end--;
        int lastStart = end;
        while (lastStart > 0 && body[lastStart - 1] != '\n') lastStart--;
        String last = line(body, lastStart, end);
        String expected = "==== END logs for container " + start.group(1) + " of pod " + start.group(2) + "/"
                + start.group(3) + " ====";
        if (!last.equals(expected)) return null;
        int from = head == body ? firstEnd + 1 : cut;
        return new Part(start.group(2), start.group(3), start.group(1), body, Math.min(from, lastStart), lastStart);
    }

    /** Every block, line by line, from {@code from} on. */
    private static List<Part> parts(byte[] bytes, int from) {
        List<Part> out = new ArrayList<>();
        Matcher current = null;
        int blockStart = 0;
        for (int i = from; i < bytes.length; ) {
            int eol = indexOf(bytes, (byte) '\n', i);
            int lineEnd = eol < 0 ? bytes.length : eol;
            if (startsWith(bytes, i, lineEnd, MARKER)) {
                String line = line(bytes, i, lineEnd);
                Matcher start = START.matcher(line);
                if (start.matches()) {
                    if (current != null) out.add(part(current, bytes, blockStart, i));
                    current = start;
                    blockStart = eol < 0 ? bytes.length : eol + 1;
                } else if (END.matcher(line).matches()) {
                    if (current != null) out.add(part(current, bytes, blockStart, i));
                    current = null;
                }
            }
            i = eol < 0 ? bytes.length : eol + 1;
        }
        if (current != null) out.add(part(current, bytes, blockStart, bytes.length));
        return out;
    }

    private static Part part(Matcher start, byte[] bytes, int from, int to) {
        return new Part(start.group(2), start.group(3), start.group(1), bytes, from, to);
    }

    private static byte[] readAt(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, Math.max(0, ch.size() - position)));
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) break;
        }
        return buf.position() == buf.capacity() ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
    }

    private static String line(byte[] bytes, int from, int to) {
        if (to > from && bytes[to - 1] == '\r') to--;
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) return false;
        for (int k = 0; k < prefix.length; k++) {
            if (bytes[from + k] != prefix[k]) return false;
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) return i;
        }
        return -1;
    }
}
