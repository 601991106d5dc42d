package dev.aiops.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The CLI as a child JVM on the test classpath, for what only a real process shows (stdin, stdout, exit). */
final class CliProcess {

    private CliProcess() {
    }

    /** {@code java -cp <test classpath> dev.aiops.cli.AiopsCommand args...}. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), AiopsCommand.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    static ProcessBuilder of(String... args) {
        return new ProcessBuilder(command(args));
    }
}
