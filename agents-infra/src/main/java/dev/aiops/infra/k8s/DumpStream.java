package dev.aiops.infra.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what {@code kubectl cluster-info dump} prints without {@code --output-directory} (JSON {@code List}s one
 * after another, with {@code ==== START logs for container C of pod NS/P ====} ... {@code ==== END ...} sections
 * between them) into the folder {@link SnapshotReader} reads: each JSON value becomes a file of its own and the
 * log sections one {@code logs.txt}. Streamed a buffer at a time, so the input is never held whole; one JSON value
 * is never held either, it goes straight to its file.
 */
final class DumpStream {

    static final String START = "==== START logs for container ";
    private static final String END = "==== END logs for container ";
    private static final Pattern KIND = Pattern.compile("\"kind\"\\s*:\\s*\"([A-Za-z]+)\"");
    /** Longer lines (outside JSON, where they are only classified, or in logs) are cut here. */
    private static final int MAX_LINE = 1 << 20;

    /** A JSON value of the stream, as the file it was written to and the lines it came from. */
    record Part(String file, long firstLine, long lastLine, String kind) {

        String describe(String source) {
            return source + " lines " + firstLine + "-" + lastLine + (kind == null ? "" : " (" + kind + ")");
        }
    }

    /** The files written and what was skipped. */
    record Layout(List<Part> parts, List<SnapshotWarning> skipped) {
    }

    private final Path dir;
    private final String source;
    private final List<Part> parts = new ArrayList<>();
    private final List<SnapshotWarning> skipped = new ArrayList<>();
    private long line = 1;
    private Writer json;
    private long jsonStart;
    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean jsonLineStart;
    private final StringBuilder head = new StringBuilder();
    private Writer logs;
    private boolean inLog;
    private long junkStart = -1;
    private long junkLines;

    private DumpStream(Path dir, String source) {
        this.dir = dir;
        this.source = source;
    }

    /** Writes the values and log sections of {@code in} into {@code dir}; {@code source} names the input in warnings. */
    static Layout unpack(InputStream in, Path dir, String source) throws IOException {
        DumpStream s = new DumpStream(dir, source);
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            s.run(r);
        } finally {
            s.close();
        }
        return new Layout(List.copyOf(s.parts), List.copyOf(s.skipped));
    }

    private void run(Reader r) throws IOException {
        char[] buf = new char[1 << 16];
        StringBuilder text = new StringBuilder();
        int n;
        while ((n = r.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                char c = buf[i];
                if (json != null) {
                    if (jsonLineStart && (c == '=' || c == '{')) {
                        // a value cut short: kubectl starts the next value or log section at the start of a line,
                        // where its indented JSON never has a brace or '='
                        endJson();
                    } else {
                        json(c);
                        continue;
                    }
                }
                if (c == '{' && text.toString().isBlank() && !inLog) {
                    text.setLength(0);
                    startJson();
                    json(c);
                } else if (c == '\n') {
                    line(text.toString());
                    text.setLength(0);
                    line++;
                } else if (text.length() < MAX_LINE) {
                    text.append(c);
                }
            }
        }
        if (json != null) endJson();
        if (!text.isEmpty()) line(text.toString());
        endJunk();
    }

    private void json(char c) throws IOException {
        json.write(c);
        if (head.length() < 512) head.append(c);
        jsonLineStart = false;
        if (c == '\n') {
            line++;
            jsonLineStart = true;
        } else if (inString) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            endJson();
        }
    }

    private void startJson() throws IOException {
        endJunk();
        jsonStart = line;
        depth = 0;
        inString = false;
        escaped = false;
        head.setLength(0);
        json = Files.newBufferedWriter(dir.resolve(partName(parts.size() + 1)), StandardCharsets.UTF_8);
    }

    private void endJson() throws IOException {
        json.close();
        json = null;
        Matcher kind = KIND.matcher(head);
        parts.add(new Part(partName(parts.size() + 1), jsonStart, line, kind.find() ? kind.group(1) : null));
    }

    private static String partName(int n) {
        return String.format("part-%05d.json", n);
    }

    /** A line outside JSON values: a log marker, a log line, blank, or something else (skipped and reported). */
    private void line(String text) throws IOException {
        if (text.startsWith(START)) {
            endJunk();
            inLog = true;
            logLine(text);
        } else if (text.startsWith(END)) {
            if (inLog) logLine(text);
            inLog = false;
        } else if (inLog && text.contains(END)) {
            // kubectl writes the end marker straight after the log, so a log without a final newline ends on its line
            int at = text.indexOf(END);
            logLine(text.substring(0, at));
            logLine(text.substring(at));
            inLog = false;
        } else if (inLog) {
            logLine(text);
        } else if (!text.isBlank()) {
            if (junkStart < 0) junkStart = line;
            junkLines++;
        }
    }

    private void logLine(String text) throws IOException {
        if (logs == null) logs = Files.newBufferedWriter(dir.resolve("logs.txt"), StandardCharsets.UTF_8);
        logs.write(text);
        logs.write('\n');
    }

    private void endJunk() {
        if (junkStart < 0) return;
        skipped.add(new SnapshotWarning(source + " line " + junkStart, junkLines == 1
                ? "neither JSON nor a log section: skipped"
                : junkLines + " lines that are neither JSON nor a log section: skipped"));
        junkStart = -1;
        junkLines = 0;
    }

    private void close() throws IOException {
        if (json != null) json.close();
        if (logs != null) logs.close();
    }
}
