package dev.aiops.cli;

/**
 * Text from a cluster (log lines, event messages, object fields) or a model, made safe to print: control
 * characters other than newline and tab are shown as {@code ^[}-style caret notation, so an escape sequence in a
 * log line cannot retitle, clear or rewrite the person's terminal.
 */
final class TerminalSafe {

    private TerminalSafe() {
    }

    static String text(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0);
            if (control && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (!control) {
                    out.append(c);
                } else if (c == '\r') {
                    out.append("^M");
                } else {
                    out.append('^').append(c < 0x20 ? (char) (c + '@') : '?');
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
