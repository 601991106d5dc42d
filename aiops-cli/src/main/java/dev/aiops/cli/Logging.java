package dev.aiops.cli;

/**
 * Chooses the log format and level before Logback starts (it configures itself on first use), from the
 * command's own arguments: {@code --log-format json} and {@code -v}/{@code -vv}.
 */
final class Logging {

    static final String FORMAT_PROPERTY = "aiops.log.appender";
    static final String LEVEL_PROPERTY = "aiops.log.level";

    private Logging() {
    }

    static void configure(String[] args) {
        String format = "text";
        int verbosity = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--log-format") && i + 1 < args.length) format = args[i + 1];
            else if (a.startsWith("--log-format=")) format = a.substring("--log-format=".length());
            else if (a.equals("--verbose")) verbosity++;
            else if (a.matches("-v+")) verbosity += a.length() - 1;
        }
        System.setProperty(FORMAT_PROPERTY, format.equalsIgnoreCase("json") ? "JSON" : "TEXT");
        System.setProperty(LEVEL_PROPERTY, verbosity >= 2 ? "DEBUG" : verbosity == 1 ? "INFO" : "WARN");
    }

    /** The subcommand path as a skill-like name for log lines, e.g. {@code agents.validate}. */
    static String skillOf(String[] args) {
        java.util.List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < args.length && words.size() < 2; i++) {
            String a = args[i];
            if (a.equals("--log-format")) {
                i++;
            } else if (!a.startsWith("-")) {
                words.add(a);
            } else if (!words.isEmpty()) {
                break;
            }
        }
        return words.isEmpty() ? "aiops" : String.join(".", words);
    }
}
