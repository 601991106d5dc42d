package dev.aiops.infra.k8s;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.IntConsumer;

/**
 * The log of one container, as a list of lines that are redacted when they are read: the text stays the UTF-8
 * bytes it was read as, and no line leaves this class unredacted. {@link #tail} and {@link #forEachLineWith} let an
 * analysis look at the last lines only, and turn into Strings only the lines holding a word it looks for.
 * Immutable and thread-safe.
 */
public final class LogText extends AbstractList<String> implements RandomAccess {

    private static final LogText EMPTY = new LogText(new byte[0], 0, 0, null);

    private final byte[] bytes;
    private final int from;
    private final int to;
    /** Null when the text was redacted before it came here. */
    private final LogRedactor redactor;
    /** Where each line starts, and where the text ends; made on first use. */
    private volatile int[] starts;

    private LogText(byte[] bytes, int from, int to, LogRedactor redactor) {
        this.bytes = bytes;
        this.from = from;
        this.to = to;
        this.redactor = redactor;
    }

    /** Lines of {@code bytes[from, to)} (separated by {@code \n}), to be redacted by {@code redactor} as read. */
    static LogText of(byte[] bytes, int from, int to, LogRedactor redactor) {
        return new LogText(bytes, from, to, redactor);
    }

    /** Lines already redacted (by the caller). */
    public static LogText of(List<String> redactedLines) {
        if (redactedLines instanceof LogText t) return t;
        if (redactedLines.isEmpty()) return EMPTY;
        byte[] bytes = String.join("\n", redactedLines).getBytes(StandardCharsets.UTF_8);
        return new LogText(bytes, 0, bytes.length, null);
    }

    /** This log followed by {@code more}. */
    LogText append(LogText more) {
        if (more.from == more.to) return this;
        if (from == to) return more;
        int a = to - from;
        int b = more.to - more.from;
        boolean newline = bytes[to - 1] != '\n';
        byte[] joined = new byte[a + (newline ? 1 : 0) + b];
        System.arraycopy(bytes, from, joined, 0, a);
        if (newline) joined[a] = '\n';
        System.arraycopy(more.bytes, more.from, joined, joined.length - b, b);
        // redacting a redacted line again changes nothing, so one redactor serves both parts
        return new LogText(joined, 0, joined.length, redactor != null ? redactor : more.redactor);
    }

    @Override
    public int size() {
        return starts().length - 1;
    }

    /** Line {@code i}, redacted. */
    @Override
    public String get(int i) {
        int[] s = starts();
        if (i < 0 || i >= s.length - 1) throw new IndexOutOfBoundsException(i + " of " + (s.length - 1) + " lines");
        int end = s[i + 1] - 1;
        if (end > s[i] && bytes[end - 1] == '\r') end--;
        String line = new String(bytes, s[i], Math.max(0, end - s[i]), StandardCharsets.UTF_8);
        return redactor == null ? line : redactor.redact(line).line();
    }

    /** The last {@code maxLines} lines (all when there are fewer), without copying the text. */
    public LogText tail(int maxLines) {
        if (maxLines < 0) throw new IllegalArgumentException("maxLines must be >= 0: " + maxLines);
        int start = to;
        int i = to > from && bytes[to - 1] == '\n' ? to - 1 : to;
        for (int lines = 0; lines < maxLines && start > from; lines++) {
            while (i > from && bytes[i - 1] != '\n') i--;
            start = i;
            i--;
        }
        return start == from ? this : new LogText(bytes, start, to, redactor);
    }

    /**
     * Calls {@code line} with the index of each line (oldest first) that holds one of {@code words}; the others
     * are never made into Strings.
     */
    public void forEachLineWith(LiteralSet words, IntConsumer line) {
        words.forEachLineWith(bytes, from, to, line);
    }

    /** Line starts, plus the end of the text (as if it ended with a newline) as the last element. */
    private int[] starts() {
        int[] s = starts;
        if (s != null) return s;
        int n = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') n++;
        }
        boolean open = to > from && bytes[to - 1] != '\n';
        s = new int[n + (open ? 1 : 0) + 1];
        s[0] = from;
        int k = 1;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') s[k++] = i + 1;
        }
        if (open) s[k] = to + 1;
        starts = s;
        return s;
    }
}
