package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.composite.oncall.Approver;
import dev.aiops.composite.oncall.ClusterAccess;
import dev.aiops.composite.oncall.OnCallAgent;
import dev.aiops.composite.oncall.SessionStore;
import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.contract.DescriptorLoader;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** aiops chat without a model: through piped standard input and through a JLine dumb terminal. */
class ChatCommandTest {

    @TempDir
    Path home;

    Map<String, String> env() {
        return Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString(),
                "XDG_CONFIG_HOME", home.resolve("config").toString());
    }

    @Test
    void pipedInputIsOneTurnPerLineAndApprovalsComeFromTheNextLine() throws Exception {
        CliRun r = CliRun.withInput(env(), """
                /help
                /findings
                /explain payments-api
                /explain crashloopbackoff-0a437990db34
                /fix frontend
                n
                why is the indexer crashing?
                /nonsense
                /exit
                /findings
                """, "chat", "--demo");

        assertThat(r.exit()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).contains("> /help").contains("/fix FINDING");
        assertThat(out).contains("CRITICAL CrashLoopBackOff         Deployment payments/payments-api");
        assertThat(out).contains("'payments-api' matches 3 findings; name one:");
        assertThat(out).contains("cause: container payments-api exits with code 1 because connection to"
                + " payments-db:5432 is refused");
        assertThat(out).contains("You asked to run a mutating command:")
                .contains("kubectl rollout undo deployment/frontend -n web")
                .contains("-        image: \"registry.example.com/web/frontend:v2.3.1-typo\"")
                .contains("Run it? [y/N] n").contains("the person declined");
        assertThat(out).contains("OOMKilled on Deployment search/indexer").contains("memory limit 256Mi")
                .contains("configure one (AIOPS_LLM_MODEL");
        assertThat(out).contains("Unknown command /nonsense.");
        assertThat(out).contains("Session ").contains("saved; resume it with: aiops chat --resume");
        assertThat(out.indexOf("> /findings", out.indexOf("> /exit"))).as("nothing runs after /exit").isNegative();
        assertThat(AuditLog.verify(home.resolve("state/aiops/audit.jsonl")).records()).isEqualTo(1);

        CliRun list = CliRun.run(env(), "chat", "--list");
        assertThat(list.out()).contains("demo aiops-demo").contains("why is the indexer crashing?");
    }

    @Test
    void escapeSequencesFromTheClusterCannotReachTheTerminal() {
        java.io.StringWriter screen = new java.io.StringWriter();
        new ChatRepl.Printing(new java.io.PrintWriter(screen), false)
                .text("log: \u001b]0;PWNED\u0007\u001b[2J done\u0000\r\n");
        assertThat(screen.toString()).isEqualTo("log: ^[]0;PWNED^G^[[2J done^@^M\n");
        assertThat(TerminalSafe.text("plain\ttext\n")).isEqualTo("plain\ttext\n");
    }

    @Test
    void aSourceIsRequiredAndABrokenSessionIsExitTwoWithTheLine() throws Exception {
        CliRun none = CliRun.withInput(env(), "", "chat");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("say where the cluster is: --demo, --from-dump PATH or --context CTX");

        Path sessions = home.resolve("state/aiops/sessions");
        Files.createDirectories(sessions);
        Files.writeString(sessions.resolve("20261207-101010-abcd.jsonl"), "{\"type\":\"session\"}\nnot json\n");
        CliRun broken = CliRun.withInput(env(), "", "chat", "--demo", "--resume", "20261207-101010-abcd");
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err()).contains("line 2 is not valid JSON");
    }

    @Test
    void theReplWorksThroughAJLineDumbTerminal() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        // the keys arrive on a pipe that stays open, as from a person: /exit ends the session, not the input
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream keyboard = new PipedInputStream(typing, 4096);
        typing.write("/findings\nwhat is wrong in namespace shop?\n/exit\n".getBytes(StandardCharsets.UTF_8));
        typing.flush();
        try (Terminal terminal = TerminalBuilder.builder().system(false).dumb(true).type("dumb")
                .streams(keyboard, screen).build();
             ClusterAccess demo = ClusterAccess.demo()) {
            ChatRepl repl = new ChatRepl(terminal, home.resolve("history"));
            try (AuditLog audit = AuditLog.appendingTo(home.resolve("audit.jsonl"));
                 OnCallAgent agent = OnCallAgent.builder(demo, DescriptorLoader.loadClasspath("skills",
                                 getClass().getClassLoader()))
                         .audit(audit).approver(new PromptingApprover(repl.writer(), repl::ask))
                         .sessions(new SessionStore(home.resolve("sessions"), Clock.systemUTC())).build()) {
                repl.run(agent);
            }
        }
        typing.close();
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains(ChatRepl.PROMPT).contains("/help lists the commands")
                .contains("ProbeFailure             Deployment shop/cart")
                .contains("readinessProbe of container cart checks port 8081 but the container listens on 8080")
                .contains("saved; resume it with");
        assertThat(Files.readString(home.resolve("history"))).contains("/findings");
        assertThat(Approver.denyAll().confirm(null)).isFalse();
    }
}
