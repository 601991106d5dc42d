package dev.aiops.infra.k8s;

import java.util.ArrayDeque;
import java.util.ArrayList;
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

    /** Transitions, {@code next[state * 128 + byte]}; bytes outside ASCII go back to the start. */
    private final char[] next;
    private final boolean[] accepts;

    private LiteralSet(char[] next, boolean[] accepts) {
        this.next = next;
        this.accepts = accepts;
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
        if (states > Character.MAX_VALUE) throw new IllegalArgumentException("too many literals: " + states + " states");
        char[] next = new char[states * ALPHABET];
        boolean[] accepts = new boolean[states];
        int[] fail = new int[states];
        // breadth first, so that a state's fallback is complete before the state itself
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < ALPHABET; c++) {
            int child = children.get(0)[c];
            next[c] = (char) child;
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
                    next[s * ALPHABET + c] = (char) child;
                    queue.add(child);
                } else {
                    next[s * ALPHABET + c] = next[fail[s] * ALPHABET + c];
                }
            }
        }
        // upper-case letters move as their lower-case ones do
        for (int s = 0; s < states; s++) {
            for (int c = 'A'; c <= 'Z'; c++) next[s * ALPHABET + c] = next[s * ALPHABET + c + ('a' - 'A')];
        }
        return new LiteralSet(next, accepts);
    }

    /** True when {@code text} holds one of the literals. */
    public boolean foundIn(CharSequence text) {
        int s = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            s = c < ALPHABET ? next[s * ALPHABET + c] : 0;
            if (accepts[s]) return true;
        }
        return false;
    }

    /**
     * Calls {@code line} with the index of each line of the UTF-8 bytes {@code [from, to)} (lines end at {@code \n})
     * that holds one of the literals, in one pass.
     */
    void forEachLineWith(byte[] bytes, int from, int to, IntConsumer line) {
        int s = 0;
        int index = 0;
        for (int i = from; i < to; i++) {
            int c = bytes[i];
            if (c == '\n') {
                s = 0;
                index++;
            } else {
                s = c >= 0 ? next[s * ALPHABET + c] : 0;
                if (accepts[s]) {
                    line.accept(index);
                    while (i + 1 < to && bytes[i + 1] != '\n') i++;
                    s = 0;
                }
            }
        }
    }
}
