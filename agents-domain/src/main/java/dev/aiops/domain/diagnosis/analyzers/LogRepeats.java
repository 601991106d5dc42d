package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.LogClue;
import dev.aiops.domain.timeline.LogLineTime;
import dev.aiops.infra.k8s.LogText;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The access or dependency error a running container keeps logging, told from noise by counts and recency (ADR
 * 0017): among the last {@value #WINDOW} lines, one clue (same kind and subject) at least {@value #MIN_COUNT}
 * times, the last of them recent: within {@link #RECENT} of the log's last line when both carry a time, else among
 * the last fifth of the lines looked at (at least {@value #RECENT_LINES}). Only lines holding one of
 * {@link LogClue#WORDS} are read, and only those are redacted.
 *
 * @param clue   the repeated clue, its line from the last occurrence (redacted)
 * @param count  how many of the lines looked at carry it
 * @param lines  how many lines were looked at (the end of the log)
 * @param first  when it was first logged among them, or null when the line has no time
 * @param last   when it was last logged, or null
 */
record LogRepeats(LogClue clue, int count, int lines, Instant first, Instant last) {

    static final int WINDOW = 500;
    static final int MIN_COUNT = 5;
    static final int RECENT_LINES = 20;
    static final Duration RECENT = Duration.ofMinutes(5);

    /** Counts of one clue while the window is read. */
    private static final class Tally {
        final LogClue.Kind kind;
        int count;
        int firstLine;
        int lastLine;
        String firstText;
        String lastText;

        Tally(LogClue.Kind kind) {
            this.kind = kind;
        }
    }

    /** The repeated access or dependency clue of {@code log}, or null when none repeats recently enough. */
    static LogRepeats in(LogText log, Instant now) {
        LogText tail = log.tail(WINDOW);
        int[] all = linesWithWords(tail);
        // most healthy logs stop here: too few lines even hold a word any clue needs
        if (all.length < MIN_COUNT) return null;
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (int k = 0; k < all.length; k++) {
            String line = tail.get(all[k]);
            LogClue c = LogClue.classify(line);
            if (c == null || !(c.kind() == LogClue.Kind.RBAC_FORBIDDEN || c.isDependency())) continue;
            Tally t = tallies.computeIfAbsent(c.kind() + "|" + c.subject(), key -> new Tally(c.kind()));
            if (t.count++ == 0) {
                t.firstLine = all[k];
                t.firstText = line;
            }
            t.lastLine = all[k];
            t.lastText = line;
        }
        Tally best = null;
        for (Tally t : tallies.values()) {
            if (best == null || t.count > best.count || (t.count == best.count && t.kind.ordinal() < best.kind.ordinal())) {
                best = t;
            }
        }
        if (best == null || best.count < MIN_COUNT) return null;
        int size = tail.size();
        LogLineTime times = new LogLineTime(now);
        Instant first = times.of(best.firstText);
        Instant last = times.of(best.lastText);
        Instant end = best.lastLine == size - 1 ? last : times.of(tail.get(size - 1));
        boolean recent = last != null && end != null
                ? !last.plus(RECENT).isBefore(end)
                : size - 1 - best.lastLine < Math.max(RECENT_LINES, size / 5);
        if (!recent) return null;
        return new LogRepeats(LogClue.classify(best.lastText), best.count, size, first, last);
    }

    private static int[] linesWithWords(LogText tail) {
        int[][] found = {new int[16]};
        int[] n = {0};
        tail.forEachLineWith(LogClue.WORDS, i -> {
            if (n[0] == found[0].length) found[0] = Arrays.copyOf(found[0], n[0] * 2);
            found[0][n[0]++] = i;
        });
        return Arrays.copyOf(found[0], n[0]);
    }
}
