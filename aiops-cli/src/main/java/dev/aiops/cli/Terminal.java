package dev.aiops.cli;

/** Whether to use colour: only on an interactive terminal, and never when NO_COLOR is set or TERM is dumb. */
final class Terminal {

    private Terminal() {
    }

    static boolean colors() {
        return System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
    }
}
