package dev.aiops.composite.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.llm.Cancellation;
import dev.aiops.infra.command.CommandClass;
import dev.aiops.infra.k8s.SnapshotReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the review and approval of commands decide, on the demo cluster and on a snapshot. */
class ActionGateTest {

    @TempDir
    Path dir;

    private static String say(OnCallAgent agent, String input) {
        return agent.turn(input, TurnListener.NONE, Cancellation.create()).answer();
    }

    @Test
    void readOnlyCommandsRunWithoutAskingAndAreAudited() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        ScriptedApprover person = new ScriptedApprover();
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, person).build()) {
            String out = say(agent, "/logs payments/payments-api-7d9c6b5f4d-q7wzn --previous");
            assertThat(out).contains("fatal could not connect to postgres at payments-db:5432")
                    .contains("stripe client initialised (account key [REDACTED]");
            assertThat(person.asked).isEmpty();
            assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"decision\":\"auto\"")
                    .contains("\"action\":\"k8s.command.run\"").doesNotContain("kubectl logs");
        }
    }

    @Test
    void askAlwaysAsksBeforeReadOnlyCommandsToo() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        ScriptedApprover person = new ScriptedApprover().answer("n");
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, person)
                .policy(ActionPolicy.defaults().withAskAlways(true)).build()) {
            assertThat(say(agent, "/events deploy/frontend")).contains("declined");
            assertThat(person.asked).singleElement().extracting(ProposedAction::commandClass)
                    .isEqualTo(CommandClass.READ_ONLY);
        }
    }

    @Test
    void aReadOnlySessionRefusesMutationsWithoutAsking() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        ScriptedApprover person = new ScriptedApprover().answer("y");
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, person)
                .policy(ActionPolicy.defaults().withReadOnly(true)).build()) {
            String out = say(agent, "/fix frontend");
            assertThat(out).contains("was not run: this session is read-only (--read-only)");
            assertThat(person.asked).isEmpty();
            assertThat(say(agent, "/diagnose web")).contains("ImagePullError");
            assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"decision\":\"refused\"");
        }
    }

    @Test
    void aDestructiveCommandRunsOnlyWhenTheObjectsNameIsTypedBack() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        ScriptedApprover person = new ScriptedApprover().answer("y", "legacy-admin");
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, person).build()) {
            OnCallAgent a = agent;
            String declined = gate(a).run("kubectl delete deployment legacy-admin -n web", "cleanup", "model")
                    .toString();
            assertThat(declined).contains("\"status\":\"declined\"");
            String ran = gate(a).run("kubectl delete deployment legacy-admin -n web", "cleanup", "model").toString();
            assertThat(ran).contains("\"status\":\"ran\"").contains("kubectl apply -f ");
            assertThat(person.expectedNames).containsExactly("legacy-admin", "legacy-admin");
            assertThat(person.asked.get(0).commandClass()).isEqualTo(CommandClass.DESTRUCTIVE);
            assertThat(demo.refresh().get("Deployment", "web", "legacy-admin")).isNull();
            Path saved = Files.list(dir.resolve("drafts")).filter(p -> p.toString().endsWith(".yaml")).findFirst()
                    .orElseThrow();
            assertThat(Files.readString(saved)).contains("name: \"legacy-admin\"").doesNotContain("resourceVersion");
        }
    }

    @Test
    void shellSyntaxAndUnknownVerbsAreRefusedWithTheReason() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        ScriptedApprover person = new ScriptedApprover().answer("y", "y");
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, person).build()) {
            String pipe = gate(agent).run("kubectl get pods -n web | grep frontend", "", "model").toString();
            assertThat(pipe).contains("\"status\":\"refused\"").contains("aiops never runs a shell")
                    .contains("\"commandClass\":\"UNKNOWN\"");
            String helm = gate(agent).run("helm rollback frontend 3", "", "model").toString();
            assertThat(helm).contains("\"status\":\"refused\"").contains("runs `helm`, not kubectl");
            String exec = gate(agent).run("kubectl exec -n web frontend-84d5c6f7b9-bw6xn -- sh", "", "model")
                    .toString();
            assertThat(exec).contains("\"status\":\"refused\"").contains("the demo cluster has no kubectl");
            assertThat(person.asked).isEmpty();
        }
    }

    @Test
    void aSnapshotOnDiskCannotBeChanged() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        ScriptedApprover person = new ScriptedApprover().answer("y");
        Path dump = Path.of("..", "agents-domain", "src", "test", "resources", "samples",
                "crashloop-missing-configmap-key", "dump");
        try (ClusterAccess snapshot = ClusterAccess.ofSnapshot(SnapshotReader.read(dump));
             OnCallAgent agent = f.agent(snapshot, person).build()) {
            String out = gate(agent).run("kubectl scale deployment loan-service -n library --replicas=0", "",
                    "model").toString();
            assertThat(out).contains("\"status\":\"refused\"").contains("a snapshot on disk");
            assertThat(gate(agent).run("kubectl get deployments -n library", "", "model").toString())
                    .contains("\"status\":\"ran\"").contains("loan-service");
            assertThat(person.asked).isEmpty();
        }
    }

    @Test
    void productionIsChangedThroughGitNotByHand() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        ScriptedApprover person = new ScriptedApprover().answer("y");
        Path gitops = dir.resolve("gitops");
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, person)
                .policy(ActionPolicy.defaults().withProduction(Set.of(), Set.of("web")).withGitopsDir(gitops))
                .build()) {
            String out = gate(agent).run("kubectl scale deployment frontend -n web --replicas=5", "more capacity",
                    "model").toString();
            assertThat(out).contains("\"status\":\"written-as-patch\"").contains("Argo CD or Flux");
            assertThat(person.asked).isEmpty();
            assertThat(demo.refresh().get("Deployment", "web", "frontend").path("spec").path("replicas").asInt())
                    .isEqualTo(2);
            String patch = Files.readString(gitops.resolve("web-deployment-frontend.patch.yaml"));
            assertThat(patch).contains("kind: \"Deployment\"").contains("name: \"frontend\"").contains("replicas: 5")
                    .doesNotContain("image:");
            assertThat(Files.readString(gitops.resolve("kustomization.yaml")))
                    .contains("path: \"web-deployment-frontend.patch.yaml\"");
            assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"decision\":\"gitops\"");
            String read = gate(agent).run("kubectl get deployment frontend -n web", "", "model").toString();
            assertThat(read).contains("\"status\":\"ran\"");
        }
    }

    @Test
    void productionWithoutAGitopsDirectoryRefusesAndSaysHowToSetIt() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, Approver.denyAll())
                .policy(ActionPolicy.defaults().withProduction(Set.of(), Set.of("web"))).build()) {
            assertThat(gate(agent).run("kubectl rollout restart deployment/frontend -n web", "", "model").toString())
                    .contains("\"status\":\"refused\"").contains("oncall.gitopsDir");
        }
    }

    @Test
    void theAuditLogOfASessionStaysIntact() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, Approver.denyAll())
                .build()) {
            say(agent, "/fix frontend");
            say(agent, "/logs shop/cart-5d8f6c9b7-lr8tk");
        }
        assertThat(AuditLog.verify(dir.resolve("audit.jsonl")).records()).isEqualTo(2);
        assertThat(AuditLog.verify(dir.resolve("audit.jsonl")).intact()).isTrue();
    }

    private static ActionGate gate(OnCallAgent agent) {
        return agent.gate;
    }
}
