package dev.aiops.infra.metrics;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A response body that remembers its first bytes, to quote them when the body is not what was expected. */
final class HeadCapture extends FilterInputStream {

    private static final int HEAD = 512;

    private final byte[] head = new byte[HEAD];
    private int headLength;

    HeadCapture(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0 && headLength < HEAD) head[headLength++] = (byte) b;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0 && headLength < HEAD) {
            int copy = Math.min(n, HEAD - headLength);
            System.arraycopy(b, off, head, headLength, copy);
            headLength += copy;
        }
        return n;
    }

    /** The first bytes read so far, as text (a multi-byte character cut at the end shows as a replacement). */
    String head() {
        return new String(head, 0, headLength, StandardCharsets.UTF_8);
    }

    /** Reads up to {@code limit} bytes of the rest of the body, as text. */
    String readAtMost(int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while (out.size() < limit && (n = read(buf, 0, Math.min(buf.length, limit - out.size()))) > 0) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Closes the body; a failure to close is of no interest once the answer is read or abandoned. */
    @Override
    public void close() {
        closeQuietly();
    }

    void closeQuietly() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is dropped either way
        }
    }
}
