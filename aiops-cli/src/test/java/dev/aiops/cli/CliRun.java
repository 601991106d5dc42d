package dev.aiops.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process and captures what it prints. */
record CliRun(int exit, String out, String err) {

    static CliRun run(Map<String, String> env, String... args) {
        return run(AiopsCommand.commandLine(env), args);
    }

    /** With {@code stdin} as standard input (not a terminal), for chat and ask. */
    static CliRun withInput(Map<String, String> env, String stdin, String... args) {
        return run(AiopsCommand.commandLine(env, new ChatIo(new java.io.ByteArrayInputStream(
                stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)), false)), args);
    }

    private static CliRun run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    static CliRun run(String... args) {
        return run(Map.of(), args);
    }
}
