package dev.aiops.infra.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Shell-like word splitting that remembers where the shell would have done more than split words: operators
 * ({@code | ; & && || < > ( )} and newlines) outside quotes become tokens of their own, and a command substitution
 * ({@code $(...)} or backticks, outside quotes or inside double quotes) is marked on its word. No shell is ever run.
 */
final class ShellLexer {

    enum Kind { WORD, OPERATOR }

    /**
     * One token.
     *
     * @param start        where it starts in the line
     * @param substitution "$(" or "`" when the word holds a command substitution a shell would run, else null
     */
    record Token(Kind kind, String text, int start, String substitution) {
        boolean operator() {
            return kind == Kind.OPERATOR;
        }
    }

    /** Longest first, so that {@code &&} wins over {@code &}. */
    private static final String[] OPERATORS = {"&>>", "<<<", "&&", "||", ";;", ">>", "<<", "<&", ">&", "<>", ">|",
            "|&", "&>", "<(", ">(", "|", "&", ";", "<", ">", "(", ")"};

    private final String s;
    private final List<Token> out = new ArrayList<>();
    private StringBuilder word;
    private int wordStart;
    private boolean wordQuoted;
    private String substitution;

    private ShellLexer(String s) {
        this.s = s;
    }

    /** The tokens of {@code line}, without comments; throws IllegalArgumentException on an unterminated quote. */
    static List<Token> lex(String line) {
        ShellLexer l = new ShellLexer(line);
        l.run();
        return l.out;
    }

    private void run() {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B') {
                finishWord();
                i++;
            } else if (c == '\n') {
                finishWord();
                out.add(new Token(Kind.OPERATOR, "\n", i, null));
                i++;
            } else if (c == '#' && word == null) {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\\') {
                startWord(i);
                if (i + 1 >= n) {
                    word.append('\\');
                    i++;
                } else {
                    char d = s.charAt(i + 1);
                    if (d != '\n') {
                        word.append(d);
                        wordQuoted = true;
                    } else if (word.length() == 0 && !wordQuoted) {
                        word = null;
                    }
                    i += 2;
                }
            } else if (c == '\'') {
                startWord(i);
                wordQuoted = true;
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated single quote at position " + i);
                }
                word.append(s, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                startWord(i);
                wordQuoted = true;
                i = doubleQuoted(i);
            } else if (c == '`') {
                startWord(i);
                i = substitution(i, endOfBackticks(i), "`");
            } else if (c == '$' && i + 1 < n && s.charAt(i + 1) == '(') {
                startWord(i);
                i = substitution(i, endOfParenthesis(i + 2, "$("), "$(");
            } else if ("|&;<>()".indexOf(c) >= 0) {
                i = operator(i);
            } else {
                startWord(i);
                word.append(c);
                i++;
            }
        }
        finishWord();
    }

    private int operator(int i) {
        int start = i;
        String prefix = "";
        char c = s.charAt(i);
        if ((c == '<' || c == '>') && word != null && !wordQuoted && substitution == null && word.length() > 0
                && word.chars().allMatch(Character::isDigit)) {
            prefix = word.toString(); // 2> and 1>&2 redirect a file descriptor
            start = wordStart;
            word = null;
        } else {
            finishWord();
        }
        for (String op : OPERATORS) {
            if (s.startsWith(op, i)) {
                out.add(new Token(Kind.OPERATOR, prefix + op, start, null));
                return i + op.length();
            }
        }
        throw new IllegalStateException("unreachable: " + c);
    }

    /** Reads a double-quoted string whose opening quote is at {@code open}; returns the index after it. */
    private int doubleQuoted(int open) {
        int n = s.length();
        int i = open + 1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            } else if (c == '\\' && i + 1 < n) {
                char d = s.charAt(i + 1);
                if (d == '"' || d == '\\' || d == '$' || d == '`') {
                    word.append(d);
                } else if (d != '\n') {
                    word.append(c).append(d);
                }
                i += 2;
            } else if (c == '`') {
                i = substitution(i, endOfBackticks(i), "`");
            } else if (c == '$' && i + 1 < n && s.charAt(i + 1) == '(') {
                i = substitution(i, endOfParenthesis(i + 2, "$("), "$(");
            } else {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated double quote at position " + open);
    }

    /** Keeps the substitution from {@code from} to {@code last} as written and marks the word. */
    private int substitution(int from, int last, String kind) {
        word.append(s, from, last + 1);
        if (substitution == null) {
            substitution = kind;
        }
        return last + 1;
    }

    private int endOfBackticks(int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '`') {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated backtick at position " + open);
    }

    /** The index of the parenthesis that closes the one just before {@code from}. */
    private int endOfParenthesis(int from, String what) {
        int depth = 1;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    break;
                }
                i = end;
            } else if (c == '"') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != '"') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= s.length()) {
                    break;
                }
                i = j;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated " + what + " at position " + (from - what.length()));
    }

    private void startWord(int i) {
        if (word == null) {
            word = new StringBuilder();
            wordStart = i;
            wordQuoted = false;
            substitution = null;
        }
    }

    private void finishWord() {
        if (word != null) {
            out.add(new Token(Kind.WORD, word.toString(), wordStart, substitution));
            word = null;
        }
    }
}
