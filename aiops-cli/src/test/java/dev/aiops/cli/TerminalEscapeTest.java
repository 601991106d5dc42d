package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Escape sequences planted in a cluster (an event message, a container status, a log line) never reach the terminal raw. */
class TerminalEscapeTest {

    /** Retitles the terminal, rings the bell, clears the screen; then a NUL. */
    static final String HOSTILE = "\u001b]0;PWNED\u0007\u001b[2J\u0000";
    static final String SHOWN = "^[]0;PWNED^G^[[2J^@";

    @TempDir
    Path dir;

    private Path hostileDump() throws Exception {
        Path dump = DiagnoseCommandTest.copyOfCrashloop(dir);
        String escaped = "\\u001b]0;PWNED\\u0007\\u001b[2J\\u0000";
        for (String file : new String[] {"library/events.json", "library/pods.json"}) {
            Path f = dump.resolve(file);
            String json = Files.readString(f);
            assertThat(json).contains("couldn't find key LATE_FEE_POLICY");
            Files.writeString(f, json.replace("couldn't find key LATE_FEE_POLICY",
                    "couldn't find key LATE_FEE_POLICY" + escaped));
        }
        Path log = dump.resolve("library/loan-service-746c6884f-8c4rh/logs.txt");
        String lines = Files.readString(log);
        Files.writeString(log, lines.replace("\"msg\":\"request\"", "\"msg\":\"request " + HOSTILE.replace("\u0000", "")
                + "\"").replaceFirst("\n", "\n2026-11-21T06:55:00.000Z ERROR crashed " + HOSTILE + "\n"),
                StandardCharsets.UTF_8);
        return dump;
    }

    @Test
    void diagnoseShowsPlantedEscapesInCaretFormInTextAndMarkdownAndEscapesThemInJson() throws Exception {
        Path dump = hostileDump();
        for (String format : new String[] {"text", "markdown"}) {
            CliRun r = CliRun.run("diagnose", "--from-dump", dump.toString(), "-o", format);
            assertThat(r.exit()).as(format).isZero();
            assertNoControlBytes(r.out(), format);
            assertThat(r.out()).as(format).contains("couldn't find key LATE_FEE_POLICY" + SHOWN);
        }
        CliRun json = CliRun.run("diagnose", "--from-dump", dump.toString(), "-o", "json");
        assertNoControlBytes(json.out(), "json");
        assertThat(JsonMapper.builder().build().readTree(json.out()).toString())
                .as("the JSON keeps the text, escaped").contains("\\u001B]0;PWNED\\u0007");
    }

    @Test
    void timelineShowsPlantedEscapesInCaretForm() throws Exception {
        Path dump = hostileDump();
        for (String format : new String[] {"text", "markdown"}) {
            CliRun r = CliRun.run("timeline", "--from-dump", dump.toString(), "-n", "library", "--since",
                    "2020-01-01T00:00:00Z", "-o", format);
            assertThat(r.exit()).as(r.err()).isZero();
            assertNoControlBytes(r.out(), format);
            assertThat(r.out()).as(format).contains("LATE_FEE_POLICY" + SHOWN);
        }
    }

    @Test
    void theOutputWriterKeepsOnlyTheRenderersColoursWhenColourIsOn() {
        String coloured = "\u001b[1;31mHIGH\u001b[0m " + HOSTILE + " \u001b[8mhidden\u001b[0m\n";
        assertThat(TerminalSafe.text(coloured, true))
                .isEqualTo("\u001b[1;31mHIGH\u001b[0m " + SHOWN + " ^[[8mhidden\u001b[0m\n");
        assertThat(TerminalSafe.text(coloured, false)).doesNotContain("\u001b").contains("^[[1;31mHIGH");
        assertThat(TerminalSafe.text("over\rwrite\u009b2J", false)).isEqualTo("over^Mwrite^?2J");
    }

    static void assertNoControlBytes(String out, String what) {
        assertThat(out.chars().filter(c -> c == 0x1b || c == 0x07 || c == 0 || (c >= 0x80 && c < 0xa0)).count())
                .as(what + " has no ESC, BEL, NUL or C1 character").isZero();
    }
}
