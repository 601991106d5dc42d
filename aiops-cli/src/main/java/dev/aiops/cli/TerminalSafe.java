package dev.aiops.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * Text from a cluster (log lines, event messages, object fields) or a model, made safe to print: control
 * characters other than newline and tab are shown as {@code ^[}-style caret notation, so an escape sequence in a
 * log line cannot retitle, clear or rewrite the person's terminal.
 *
 * <p>{@link #writer} is the one place every command's output passes ({@link AiopsCommand} wraps standard output
 * and error in it): whatever a command prints, cluster text included, reaches the terminal this way. With colour
 * on, only the few colour sequences the report renderers use pass as they are; a log line can at worst repeat one
 * of them, never move the cursor, clear the screen, set the title or conceal text.
 */
final class TerminalSafe {

    /** The SGR sequences of the text renderers (reset, bold, dim, red, yellow, cyan, bold red). */
    private static final List<String> COLOURS = List.of("\u001b[0m", "\u001b[1m", "\u001b[2m", "\u001b[31m",
            "\u001b[33m", "\u001b[36m", "\u001b[1;31m");

    /** Whether lines end in CR LF here (Windows): then a CR right before a LF is a line end, not a control. */
    private static final boolean CRLF_LINES = "\r\n".equals(System.lineSeparator());

    private TerminalSafe() {
    }

    static String text(String s) {
        return text(s, false);
    }

    /** As {@link #text(String)}; with {@code colours}, the renderers' colour sequences pass. */
    static String text(String s, boolean colours) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0);
            if (control && CRLF_LINES && c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                control = false;
            }
            String colour = control && colours && c == 0x1b ? colourAt(s, i) : null;
            if (control && colour == null && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out == null) {
                continue;
            }
            if (colour != null) {
                out.append(colour);
                i += colour.length() - 1;
            } else if (!control) {
                out.append(c);
            } else if (c == '\r') {
                out.append("^M");
            } else {
                out.append('^').append(c < 0x20 ? (char) (c + '@') : '?');
            }
        }
        return out == null ? s : out.toString();
    }

    private static String colourAt(String s, int i) {
        for (String colour : COLOURS) {
            if (s.startsWith(colour, i)) {
                return colour;
            }
        }
        return null;
    }

    /** {@code out}, with everything written to it made safe as by {@link #text(String, boolean)}. */
    static PrintWriter writer(PrintWriter out, boolean colours) {
        return out instanceof SafeWriter ? out : new SafeWriter(out, colours);
    }

    private static final class SafeWriter extends PrintWriter {
        private final boolean colours;

        SafeWriter(PrintWriter out, boolean colours) {
            super(out, true);
            this.colours = colours;
        }

        @Override
        public void write(String s, int off, int len) {
            String safe = text(s.substring(off, off + len), colours);
            super.write(safe, 0, safe.length());
        }

        @Override
        public void write(char[] buf, int off, int len) {
            String safe = text(new String(buf, off, len), colours);
            super.write(safe, 0, safe.length());
        }

        @Override
        public void write(int c) {
            write(String.valueOf((char) c));
        }
    }
}
