package dev.aiops.infra.k8s;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Words looked for all at once, ignoring ASCII case, in one pass over a line (an Aho-Corasick automaton turned
 * into a table of transitions): the cheap test a line must pass before any regular expression runs on it.
 * Immutable and thread-safe.
 */
public final class LiteralSet {

    private static final int ALPHABET = 128;
    /** Written for a transition into a state that ends a literal: the search stops there. */
    private static final char FOUND = Character.MAX_VALUE;

    /**
     * Transitions: {@code next[row + (byte & 0x7f)]} is the next state's row ({@code state * 128}), or {@link #FOUND}.
     * A byte outside ASCII moves as the ASCII byte it masks to would, which can only find more, never fewer.
     */
    private final char[] next;

    private LiteralSet(char[] next) {
        this.next = next;
    }

    /**
     * The set of {@code literals}, each matched ignoring ASCII case.
     *
     * @throws IllegalArgumentException when a literal is empty or not printable ASCII
     */
    public static LiteralSet of(Collection<String> literals) {
        List<int[]> children = new ArrayList<>();
        List<Boolean> accept = new ArrayList<>();
        children.add(new int[ALPHABET]);
        accept.add(false);
        for (String literal : literals) {
            if (literal.isEmpty() || !literal.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("a literal must be printable ASCII and not empty: '" + literal + "'");
            }
            int state = 0;
            for (char c : literal.toLowerCase(Locale.ROOT).toCharArray()) {
                if (children.get(state)[c] == 0) {
                    children.get(state)[c] = children.size();
                    children.add(new int[ALPHABET]);
                    accept.add(false);
                }
                state = children.get(state)[c];
            }
            accept.set(state, true);
        }
        int states = children.size();
        if (states * ALPHABET >= FOUND) throw new IllegalArgumentException("too many literals: " + states + " states");
        int[] next = new int[states * ALPHABET];
        boolean[] accepts = new boolean[states];
        int[] fail = new int[states];
        // breadth first, so that a state's fallback is complete before the state itself
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < ALPHABET; c++) {
            int child = children.get(0)[c];
            next[c] = child;
            if (child != 0) queue.add(child);
        }
        accepts[0] = accept.get(0);
        while (!queue.isEmpty()) {
            int s = queue.poll();
            accepts[s] = accept.get(s) || accepts[fail[s]];
            for (int c = 0; c < ALPHABET; c++) {
                int child = children.get(s)[c];
                if (child != 0) {
                    fail[child] = next[fail[s] * ALPHABET + c];
                    next[s * ALPHABET + c] = child;
                    queue.add(child);
                } else {
                    next[s * ALPHABET + c] = next[fail[s] * ALPHABET + c];
                }
            }
        }
        // upper-case letters move as their lower-case ones do; states are written as their rows
        char[] rows = new char[next.length];
        for (int s = 0; s < states; s++) {
            for (int c = 0; c < ALPHABET; c++) {
                int lower = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
                int to = next[s * ALPHABET + lower];
                rows[s * ALPHABET + c] = accepts[to] ? FOUND : (char) (to * ALPHABET);
            }
        }
        return new LiteralSet(rows);
    }

    /** True when {@code text} holds one of the literals. */
    public boolean foundIn(CharSequence text) {
        int row = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            row = next[row + (text.charAt(i) & 0x7f)];
            if (row == FOUND) return true;
        }
        return false;
    }

    /**
     * Calls {@code line} with the index of each line of the UTF-8 bytes {@code [from, to)} (lines end at {@code \n})
     * that holds one of the literals, in order, each line once.
     */
    void forEachLineWith(byte[] bytes, int from, int to, IntConsumer line) {
        // Two halves split at a line start are searched in the same loop: each byte's transition waits for the
        // previous one's, and two independent chains keep the processor twice as busy. No literal holds a
        // newline, so no match crosses the split, and lines are counted only where something was found.
        int mid = from + (to - from) / 2;
        while (mid < to && mid > from && bytes[mid - 1] != '\n') mid++;
        int[] found = new int[8];
        int n = 0;
        char[] next = this.next;
        int a = 0;
        int b = 0;
        int i = from;
        int j = mid;
        int k = Math.min(mid - from, to - mid);
        for (int end = from + k; i < end; i++, j++) {
            a = next[a + (bytes[i] & 0x7f)];
            b = next[b + (bytes[j] & 0x7f)];
            if (a == FOUND || b == FOUND) {
                if (n + 2 > found.length) found = Arrays.copyOf(found, found.length * 2);
                if (a == FOUND) {
                    found[n++] = i;
                    a = 0;
                }
                if (b == FOUND) {
                    found[n++] = j;
                    b = 0;
                }
            }
        }
        for (; i < mid; i++) {
            a = next[a + (bytes[i] & 0x7f)];
            if (a == FOUND) {
                if (n == found.length) found = Arrays.copyOf(found, n * 2);
                found[n++] = i;
                a = 0;
            }
        }
        for (; j < to; j++) {
            b = next[b + (bytes[j] & 0x7f)];
            if (b == FOUND) {
                if (n == found.length) found = Arrays.copyOf(found, n * 2);
                found[n++] = j;
                b = 0;
            }
        }
        if (n == 0) return;
        Arrays.sort(found, 0, n);
        int index = 0;
        int counted = from;
        int last = -1;
        for (int f = 0; f < n; f++) {
            for (; counted < found[f]; counted++) {
                if (bytes[counted] == '\n') index++;
            }
            if (index != last) line.accept(index);
            last = index;
        }
    }
}
