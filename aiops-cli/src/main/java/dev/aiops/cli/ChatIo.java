package dev.aiops.cli;

import java.io.InputStream;

/**
 * Where {@code aiops chat} and {@code aiops ask} read from: standard input, and whether it is a terminal (then chat
 * is a JLine REPL; otherwise it reads one turn per line and writes plain text, so it can be scripted).
 */
record ChatIo(InputStream in, boolean terminal) {

    static ChatIo system() {
        return new ChatIo(System.in, System.console() != null);
    }
}
