package dev.aiops.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Standard input of the stdio MCP server, as the SDK's transport reads it: every line is checked with
 * {@link JsonRpcCheck} first, and a line that is not a JSON-RPC message is not passed on, so the SDK (which stops
 * reading at the first line it cannot parse) keeps serving. Each refused line is logged in one line on stderr;
 * when it carries a usable id it is also answered here, on the server's output, with the JSON-RPC error. A line
 * without one gets no answer: MCP allows no response with a null id, and the SDK's own client stops reading at
 * one. Blank lines are skipped; a line longer than {@value JsonRpcCheck#MAX_MESSAGE_BYTES} bytes is refused
 * without being held in memory. The end of input runs {@code onEnd} once, so that the server can stop when its
 * client goes away.
 */
final class CheckedStdin extends InputStream {

    private final InputStream in;
    private final OutputStream out;
    private final PrintWriter log;
    private final Runnable onEnd;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private byte[] line = new byte[0];
    private int pos;
    private long lineNumber;
    private boolean ended;

    /**
     * @param out the stream the SDK writes its messages to; refusals are written while holding its monitor, as
     *            the SDK does, so that two messages never interleave
     */
    CheckedStdin(InputStream in, OutputStream out, PrintWriter log, Runnable onEnd) {
        this.in = new BufferedInputStream(in);
        this.out = out;
        this.log = log;
        this.onEnd = onEnd;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return line[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, line.length - pos);
        System.arraycopy(line, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return line.length - pos;
    }

    /** Makes sure an accepted line is buffered; false at the end of input. */
    private boolean fill() throws IOException {
        while (pos == line.length) {
            if (ended) {
                return false;
            }
            Optional<String> next = nextLine();
            if (next.isEmpty()) {
                ended = true;
                onEnd.run();
                return false;
            }
            String text = next.get();
            if (text.isBlank()) {
                continue;
            }
            Optional<JsonRpcCheck.Refusal> refusal = JsonRpcCheck.check(text);
            if (refusal.isPresent()) {
                refuse(refusal.get());
                continue;
            }
            line = (text + "\n").getBytes(StandardCharsets.UTF_8);
            pos = 0;
        }
        return true;
    }

    /** The next line without its end, a marker for a line too long to keep, or empty at the end of input. */
    private Optional<String> nextLine() throws IOException {
        raw.reset();
        boolean tooLong = false;
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (raw.size() < JsonRpcCheck.MAX_MESSAGE_BYTES) {
                raw.write(b);
            } else {
                tooLong = true;
            }
        }
        if (b == -1 && raw.size() == 0 && !tooLong) {
            return Optional.empty();
        }
        lineNumber++;
        if (tooLong) {
            refuse(new JsonRpcCheck.Refusal(JsonRpcCheck.INVALID_REQUEST, "Invalid Request: the message is longer"
                    + " than " + JsonRpcCheck.MAX_MESSAGE_BYTES + " bytes", null));
            return Optional.of("");
        }
        String text = raw.toString(StandardCharsets.UTF_8);
        return Optional.of(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }

    private void refuse(JsonRpcCheck.Refusal refusal) throws IOException {
        if (refusal.id() != null) {
            byte[] answer = (refusal.json() + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (out) {
                out.write(answer);
                out.flush();
            }
        }
        log.println("aiops mcp serve: line " + lineNumber + " of standard input " + (refusal.id() != null
                ? "answered with error " + refusal.code() : "skipped") + ": " + refusal.message());
        log.flush();
    }
}
