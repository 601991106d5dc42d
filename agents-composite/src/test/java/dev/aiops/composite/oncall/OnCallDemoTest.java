package dev.aiops.composite.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.llm.Cancellation;
import dev.aiops.infra.command.CommandClass;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole loop offline: diagnose the demo cluster, fix a finding after approval, diagnose again. */
class OnCallDemoTest {

    @TempDir
    Path dir;

    private static String say(OnCallAgent agent, String input) {
        return agent.turn(input, TurnListener.NONE, Cancellation.create()).answer();
    }

    @Test
    void anApprovedFixOnTheDemoClusterMakesTheFindingGoAway() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        ScriptedApprover person = new ScriptedApprover().answer("y");
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, person).build()) {
            String before = say(agent, "/diagnose web");
            assertThat(before).contains("ImagePullError").contains("RolloutStuck  Deployment frontend");

            String fix = say(agent, "/fix frontend");

            assertThat(fix).contains("$ kubectl rollout undo deployment/frontend -n web")
                    .contains("deployments.apps/frontend changed");
            assertThat(person.asked).hasSize(1);
            ProposedAction asked = person.asked.get(0);
            assertThat(asked.commandClass()).isEqualTo(CommandClass.MUTATING);
            assertThat(asked.diff()).contains("-        image: \"registry.example.com/web/frontend:v2.3.1-typo\"")
                    .contains("+        image: \"registry.example.com/web/frontend:v2.3.0\"");
            String after = say(agent, "/diagnose web");
            assertThat(after).doesNotContain("frontend-84d5c6f7b9").doesNotContain("ImagePullError");
            assertThat(AuditLog.verify(dir.resolve("audit.jsonl")).intact()).isTrue();
            assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"decision\":\"approved\"")
                    .contains("\"outcome\":\"ran\"");
            String draft = Files.readString(dir.resolve("drafts").resolve(agent.sessionId() + ".md"));
            assertThat(draft).startsWith("---\n").contains("kubectl rollout undo deployment/frontend -n web")
                    .contains("kubectl patch deployment frontend -n web --type merge -p");
        }
    }

    @Test
    void aDeclinedFixChangesNothingAndIsAudited() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        ScriptedApprover person = new ScriptedApprover().answer("n");
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, person).build()) {
            String fix = say(agent, "/fix frontend");
            assertThat(fix).contains("the person declined");
            assertThat(say(agent, "/diagnose web")).contains("ImagePullError");
            assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"decision\":\"declined\"")
                    .contains("\"outcome\":\"not-run\"");
        }
    }

    @Test
    void freeTextWithoutAModelIsAnsweredFromTheDiagnosis() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, Approver.denyAll())
                .build()) {
            String answer = say(agent, "why is payments-api failing?");
            assertThat(answer).contains("CrashLoopBackOff on Deployment payments/payments-api")
                    .contains("connection to payments-db:5432 is refused").contains(OfflineAnswers.NOTE);
            assertThat(answer).doesNotContain("indexer");
        }
    }
}
