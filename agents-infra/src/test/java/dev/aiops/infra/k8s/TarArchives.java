package dev.aiops.infra.k8s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes tar archives as GNU and BSD tar do (ustar headers), for tests of archive input. */
public final class TarArchives {

    /** One entry; {@code type} as the tar header has it ('0' file, '5' folder, '2' symlink). */
    public record Entry(String name, char type, byte[] content, String link) {
        public static Entry file(String name, String content) {
            return file(name, content.getBytes(StandardCharsets.UTF_8));
        }

        public static Entry file(String name, byte[] content) {
            return new Entry(name, '0', content, "");
        }

        public static Entry folder(String name) {
            return new Entry(name.endsWith("/") ? name : name + "/", '5', new byte[0], "");
        }
    }

    private TarArchives() {
    }

    /** Writes {@code entries} to {@code out}, gzip-compressed when {@code gzip}. */
    public static Path write(List<Entry> entries, Path out, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Entry e : entries) write(bytes, e);
        bytes.write(new byte[1024]);
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(out)) : Files.newOutputStream(out)) {
            bytes.writeTo(o);
        }
        return out;
    }

    private static void write(ByteArrayOutputStream out, Entry e) throws IOException {
        byte[] h = new byte[512];
        put(h, 0, e.name());
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", e.content().length));
        put(h, 136, String.format("%011o", 1_700_000_000L));
        put(h, 148, "        ");
        h[156] = (byte) e.type();
        put(h, 157, e.link());
        put(h, 257, "ustar");
        put(h, 263, "00");
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        out.write(h);
        out.write(e.content());
        out.write(new byte[(512 - e.content().length % 512) % 512]);
    }

    private static void put(byte[] h, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, offset, b.length);
    }
}
