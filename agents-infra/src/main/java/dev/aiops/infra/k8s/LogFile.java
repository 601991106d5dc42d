package dev.aiops.infra.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code logs.txt} of a pod in a {@code kubectl cluster-info dump}: sections between
 * {@code ==== START logs for container C of pod NS/POD ====} and its END line. Of a file larger than the limit only the
 * newest bytes are kept (the older part is still scanned for section headers, a line at a time, so the lines kept are
 * given to the right container). Bytes that are not UTF-8 are read as U+FFFD instead of costing the whole file.
 */
final class LogFile {

    private static final Pattern LOG_START = Pattern.compile("^==== START logs for container (\\S+) of pod ([^/\\s]+)/(\\S+) ====$");
    private static final Pattern LOG_END = Pattern.compile("^==== END logs for container .* ====$");
    /** Of a line in the dropped part only this much is kept: enough for any section header. */
    private static final int HEADER_BYTES = 1024;

    private final Map<String, Map<String, List<String>>> logs;
    private final long dropBefore;
    private byte[] line = new byte[256];
    private int length;
    private long lineStart;
    private long lineNumber;
    private List<String> current;
    private long badBytes;
    private long firstBadLine;

    private LogFile(Map<String, Map<String, List<String>>> logs, long dropBefore) {
        this.logs = logs;
        this.dropBefore = dropBefore;
    }

    /**
     * Adds the log lines of {@code f} to {@code logs} (pod {@code ns/name} to container to lines).
     *
     * @return what a person should know about the read (bytes dropped, bytes replaced); empty when all was read
     */
    static List<String> read(Path f, long maxBytes, Map<String, Map<String, List<String>>> logs) throws IOException {
        long size = Files.size(f);
        LogFile file = new LogFile(logs, Math.max(0, size - maxBytes));
        long kept;
        try (InputStream in = Files.newInputStream(f)) {
            kept = file.scan(in, size);
        }
        List<String> notes = new ArrayList<>(2);
        if (file.dropBefore > 0) {
            notes.add("is " + ReadLimits.describe(size) + ", over the " + ReadLimits.describe(maxBytes)
                    + " limit for a log file (raise it with --max-log-size or -D" + ReadLimits.MAX_LOG_PROPERTY
                    + "): its first " + (size - kept) + " bytes were dropped and its newest lines kept");
        }
        if (file.badBytes > 0) {
            notes.add(file.badBytes + (file.badBytes == 1 ? " byte is" : " bytes are") + " not UTF-8 (the first on line "
                    + file.firstBadLine + "); shown as U+FFFD");
        }
        return notes;
    }

    /** Reads up to {@code size} bytes (what the file held when opened); returns how many were kept. */
    private long scan(InputStream in, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        long offset = 0;
        long keptFrom = -1;
        boolean afterCr = false;
        int n;
        while (offset < size && (n = in.read(buf, 0, (int) Math.min(buf.length, size - offset))) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b != '\n' && b != '\r') continue;
                if (b == '\n' && afterCr && i == start && length == 0) {
                    // the \n of a \r\n whose \r ended the previous line
                    start = i + 1;
                    lineStart = offset + start;
                    afterCr = false;
                    continue;
                }
                append(buf, start, i - start);
                if (lineStart >= dropBefore && keptFrom < 0) keptFrom = lineStart;
                endLine();
                afterCr = b == '\r';
                start = i + 1;
                lineStart = offset + start;
            }
            if (start < n) afterCr = false;
            append(buf, start, n - start);
            offset += n;
        }
        if (length > 0) {
            if (lineStart >= dropBefore && keptFrom < 0) keptFrom = lineStart;
            endLine();
        }
        return keptFrom < 0 ? 0 : offset - keptFrom;
    }

    private void append(byte[] buf, int from, int count) {
        boolean dropped = lineStart < dropBefore;
        int room = dropped ? Math.max(0, Math.min(count, HEADER_BYTES - length)) : count;
        if (room == 0) return;
        if (length + room > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, length + room));
        System.arraycopy(buf, from, line, length, room);
        length += room;
    }

    private void endLine() {
        lineNumber++;
        boolean dropped = lineStart < dropBefore;
        String text = decode();
        length = 0;
        Matcher start = LOG_START.matcher(text);
        if (start.matches()) {
            current = logs.computeIfAbsent(start.group(2) + "/" + start.group(3), k -> new LinkedHashMap<>())
                    .computeIfAbsent(start.group(1), k -> new ArrayList<>());
        } else if (LOG_END.matcher(text).matches()) {
            current = null;
        } else if (current != null && !dropped) {
            current.add(text);
        }
    }

    /** The line as UTF-8, each malformed byte sequence as U+FFFD, counted. */
    private String decode() {
        int i = 0;
        while (i < length && line[i] >= 0) i++;
        if (i == length) return new String(line, 0, length, StandardCharsets.ISO_8859_1);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(line, 0, length);
        // UTF-8 never takes fewer bytes than chars, and each bad sequence becomes one char
        CharBuffer out = CharBuffer.allocate(length);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (!r.isError()) break;
            if (badBytes == 0) firstBadLine = lineNumber;
            badBytes += r.length();
            out.put('\uFFFD');
            in.position(in.position() + r.length());
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
