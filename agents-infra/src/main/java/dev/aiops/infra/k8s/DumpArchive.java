package dev.aiops.infra.k8s;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Unpacks a {@code .tar.gz}, {@code .tgz} or {@code .tar} of a dump folder into a private folder, safely: entries
 * whose path leaves the folder, links and devices are skipped, and the bytes read out of the archive are capped
 * per entry and in total (a small archive can inflate to far more than a disk holds). Every entry left out is
 * named with the reason. A small ustar reader (with the GNU long-name and PAX path extensions), so no library is
 * needed.
 */
final class DumpArchive {

    /** How much an archive may unpack to. */
    record Limits(long maxEntryBytes, long maxTotalBytes, int maxEntries) {
        static final Limits DEFAULT = new Limits(256L << 20, 2L << 30, 100_000);
    }

    private static final int BLOCK = 512;

    private final Path dir;
    private final String source;
    private final Limits limits;
    private final List<SnapshotWarning> skipped = new ArrayList<>();
    private long consumed;
    private int entries;

    private DumpArchive(Path dir, String source, Limits limits) {
        this.dir = dir;
        this.source = source;
        this.limits = limits;
    }

    /** True when {@code head} (the first bytes of a file) starts a gzip stream. */
    static boolean isGzip(byte[] head, int n) {
        return n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    /** True when {@code head} holds a tar header (the "ustar" magic at offset 257). */
    static boolean isTar(byte[] head, int n) {
        return n >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    }

    /**
     * Unpacks {@code in} (gzip-compressed when {@code gzip}) into {@code dir}; returns the entries left out.
     *
     * @throws SnapshotException when {@code in} is not a tar archive at all
     */
    static List<SnapshotWarning> unpack(InputStream in, boolean gzip, Path dir, String source, Limits limits)
            throws IOException {
        DumpArchive a = new DumpArchive(dir, source, limits);
        InputStream raw = new BufferedInputStream(in, 1 << 16);
        try {
            a.run(gzip ? new GZIPInputStream(raw, 1 << 16) : raw);
        } catch (ZipException | EOFException e) {
            if (a.entries == 0) {
                throw new SnapshotException(source + ": not a readable gzip archive (" + e.getMessage() + ")", e);
            }
            a.skipped.add(new SnapshotWarning(source, "the archive is cut short or corrupt after " + a.entries
                    + " entries (" + e.getMessage() + "): what came before is analysed"));
        }
        return List.copyOf(a.skipped);
    }

    private void run(InputStream in) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        String paxPath = null;
        while (true) {
            if (!readBlock(in, header)) {
                if (entries == 0) throw new SnapshotException(source + ": not a tar archive (it is empty)");
                return; // no end-of-archive blocks: tolerated, as tar itself does
            }
            if (isZero(header)) return;
            if (!checksumMatches(header)) {
                if (entries == 0) throw new SnapshotException(source + ": not a tar archive (no valid tar header)");
                skipped.add(new SnapshotWarning(source, "a damaged tar header follows entry " + entries
                        + ": the entries after it were not read"));
                return;
            }
            long size = size(header);
            char type = (char) header[156];
            String name = longName != null ? longName : paxPath != null ? paxPath : name(header);
            if (type == 'L' || type == 'x') {
                byte[] data = readData(in, size);
                if (data == null) return;
                if (type == 'L') longName = cString(data, 0, data.length);
                else paxPath = paxPath(new String(data, StandardCharsets.UTF_8));
                continue;
            }
            longName = null;
            paxPath = null;
            if (type == 'g' || type == 'K') {
                if (readData(in, size) == null) return;
                continue;
            }
            if (++entries > limits.maxEntries()) {
                skipped.add(new SnapshotWarning(source, "more than " + limits.maxEntries() + " entries: stopped at "
                        + name + "; it and the entries after it were not read"));
                return;
            }
            if (!entry(in, header, type, name, size)) return;
        }
    }

    /** Handles one entry; returns false when unpacking must stop. */
    private boolean entry(InputStream in, byte[] header, char type, String name, long size) throws IOException {
        if (size < 0 || consumed + size > limits.maxTotalBytes()) {
            skipped.add(new SnapshotWarning(source, "unpacks to more than " + bytes(limits.maxTotalBytes())
                    + ": stopped at " + name + "; it and the entries after it were not read"));
            return false;
        }
        Path target = safeTarget(name);
        String reason = null;
        if (type == '1' || type == '2') {
            reason = "is a " + (type == '1' ? "hard" : "symbolic") + " link (to " + cString(header, 157, 100)
                    + "): links are not followed";
        } else if (type != '0' && type != 0 && type != '5' && type != '7') {
            reason = "is not a file or a folder (tar type '" + type + "')";
        } else if (target == null || target.equals(dir) && type != '5') {
            reason = "has a path that leads outside the archive's folder: skipped";
        } else if (type != '5' && size > limits.maxEntryBytes()) {
            reason = "is " + bytes(size) + ", over the limit of " + bytes(limits.maxEntryBytes()) + " for one file:"
                    + " not read";
        }
        if (reason != null) {
            skipped.add(new SnapshotWarning(source + ":" + name, reason));
            return skip(in, size);
        }
        if (type == '5' || name.endsWith("/")) {
            if (!target.equals(dir)) Files.createDirectories(target);
            return skip(in, size);
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
            copy(in, out, size);
        }
        skipBytes(in, padding(size));
        return true;
    }

    /** Where an entry goes, or null when its path is absolute or climbs out of {@code dir}. */
    private Path safeTarget(String name) {
        String n = name.replace('\\', '/');
        if (n.isEmpty() || n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.contains("\0")) return null;
        for (String segment : n.split("/")) {
            if (segment.equals("..")) return null;
        }
        Path target = dir.resolve(n).normalize();
        return target.startsWith(dir) ? target : null;
    }

    private void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new EOFException("unexpected end of the archive");
            out.write(buf, 0, n);
            left -= n;
            consumed += n;
        }
    }

    /** Skips an entry's data and its padding. */
    private boolean skip(InputStream in, long size) throws IOException {
        consumed += size;
        skipBytes(in, size + padding(size));
        return true;
    }

    private static void skipBytes(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) throw new EOFException("unexpected end of the archive");
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private byte[] readData(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            skipped.add(new SnapshotWarning(source, "an extended tar header of " + bytes(size)
                    + " is too large: the entries after it were not read"));
            return null;
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) throw new EOFException("unexpected end of the archive");
        skipBytes(in, padding(size));
        return data;
    }

    private boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) return false;
        if (n < BLOCK && entries == 0) throw new SnapshotException(source + ": not a tar archive (too short for one)");
        if (n < BLOCK) throw new EOFException("the last tar block is incomplete");
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) return false;
        }
        return true;
    }

    private static boolean checksumMatches(byte[] h) {
        long stored = octal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
        return stored == sum;
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        if (new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty()) name = prefix + "/" + name;
        }
        return name;
    }

    /** The size field: octal, or base-256 (first byte 0x80) for sizes octal cannot hold; -1 when absurd. */
    private static long size(byte[] h) {
        if ((h[124] & 0x80) != 0) {
            long v = 0;
            for (int i = 125; i < 136; i++) {
                if (v > Long.MAX_VALUE >> 8) return -1;
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        return octal(h, 124, 12);
    }

    private static long octal(byte[] h, int offset, int length) {
        long v = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = h[i];
            if (b == 0 || b == ' ') {
                if (v > 0) break;
                continue;
            }
            if (b < '0' || b > '7') return -1;
            v = v * 8 + (b - '0');
        }
        return v;
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) end++;
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** The {@code path} record of a PAX header ({@code "LEN path=VALUE\n"} records), or null. */
    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) return record.substring(space + 6);
        }
        return null;
    }

    static String bytes(long n) {
        if (n >= 1L << 30 && n % (1L << 30) == 0) return (n >> 30) + " GiB";
        if (n >= 1L << 20 && n % (1L << 20) == 0) return (n >> 20) + " MiB";
        if (n >= 1L << 10 && n % (1L << 10) == 0) return (n >> 10) + " KiB";
        return n + " bytes";
    }
}
