package dev.aiops.composite.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.llm.Cancellation;
import dev.aiops.core.notify.Notifier;
import dev.aiops.core.notify.RetryPolicy;
import dev.aiops.core.notify.StdoutSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every slash command on the demo cluster, without a model. */
class SlashCommandsTest {

    @TempDir
    Path dir;

    private static String say(OnCallAgent agent, String input) {
        return agent.turn(input, TurnListener.NONE, Cancellation.create()).answer();
    }

    @Test
    void theReadingCommandsAnswerFromTheClusterState() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, Approver.denyAll())
                .namespaces(List.of("web", "shop")).build()) {
            assertThat(say(agent, "/diagnose")).contains("ImagePullError").doesNotContain("payments-api");
            assertThat(say(agent, "/diagnose payments")).contains("payments-api").doesNotContain("frontend");
            assertThat(say(agent, "/findings")).contains("payments-api").doesNotContain("frontend");
            say(agent, "/diagnose");
            assertThat(say(agent, "/explain rolloutstuck-4d0d2db5f554")).contains("RolloutStuck on Deployment"
                    + " web/frontend").contains("remedy: Roll back to the previous revision: kubectl rollout undo")
                    .contains("/fix rolloutstuck-4d0d2db5f554");
            assertThat(say(agent, "/explain 99")).startsWith("There is no finding 99");
            assertThat(say(agent, "/explain")).startsWith("Name a finding");
            assertThat(say(agent, "/runbook rolloutstuck-4d0d2db5f554")).startsWith("# ").contains("Rollback:")
                    .contains("$ kubectl");
            assertThat(say(agent, "/timeline web --since 1d")).contains("Failed to pull image");
            assertThat(say(agent, "/timeline --since 5x")).contains("--since takes a duration");
            assertThat(say(agent, "/timeline web --since 1d --around deploy/frontend")).contains("around Deployment"
                    + " web/frontend").contains("probable trigger: #").contains("Failed to pull image")
                    .doesNotContain("Pod shop/");
            assertThat(say(agent, "/timeline web --around frontend")).contains("KIND/NAME");
            assertThat(say(agent, "/timeline --verbose")).startsWith("Usage: /timeline");
            assertThat(say(agent, "/events frontend-84d5c6f7b9-bw6xn")).contains("ErrImagePull");
            assertThat(say(agent, "/events deploy/ghost")).contains("No Deployment named ghost");
            assertThat(say(agent, "/logs")).startsWith("Usage: /logs POD");
            assertThat(say(agent, "/fix policyviolation-a342f69e686c")).startsWith("No fix of");
            assertThat(say(agent, "/help")).contains("/timeline");
            assertThat(say(agent, "/clear")).contains("forgotten");
            assertThat(say(agent, "/usage")).contains("0 input and 0 output tokens").contains("commands: 1 ran, 0 declined, 0 refused");
            assertThat(say(agent, "/history")).contains("/diagnose payments").contains("/usage");
            assertThat(say(agent, "/\"unclosed")).startsWith("Cannot read that command");
            assertThat(agent.turn("/exit", TurnListener.NONE, Cancellation.create()).kind())
                    .isEqualTo(Turn.Kind.EXIT);
            assertThat(agent.exitRequested()).isTrue();
        }
    }

    @Test
    void anApprovedChangeNotifiesAndADeclinedOneDoesNot() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Notifier notifier = Notifier.of(List.of(new StdoutSink(new PrintStream(printed, true,
                StandardCharsets.UTF_8))), RetryPolicy.defaults());
        ScriptedApprover person = new ScriptedApprover().answer("n", "y");
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, person)
                .notifier(notifier).build()) {
            say(agent, "/fix rolloutstuck-2579def082d7");
            say(agent, "/fix rolloutstuck-2579def082d7");
            assertThat(say(agent, "/diagnose shop")).doesNotContain("ProbeFailure");
        }
        notifier.close();
        String sent = printed.toString(StandardCharsets.UTF_8);
        assertThat(sent).contains("[notify] info aiops on-call ran: kubectl rollout undo deployment/cart -n shop")
                .containsOnlyOnce("[notify]");
    }
}
