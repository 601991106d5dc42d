package dev.aiops.composite.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.llm.Cancellation;
import dev.aiops.core.llm.LlmGateway;
import dev.aiops.core.llm.LlmSettings;
import dev.aiops.core.llm.UsageLog;
import dev.aiops.core.prompt.PromptRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-step conversations with a model on WireMock speaking the OpenAI API: the model diagnoses, reads the
 * failing pod's log, then proposes a rollback, which goes through review and the person's approval.
 */
class OnCallModelTest {

    static final String UNDO = "kubectl rollout undo deployment/frontend -n web";

    @TempDir
    Path dir;

    OpenAiScript model;
    LlmGateway gateway;

    @BeforeEach
    void start() {
        model = new OpenAiScript();
        gateway = LlmGateway.openAi(new LlmSettings(model.baseUrl(), "test-key", "gpt-4o-mini",
                Duration.ofSeconds(10))).usageLog(UsageLog.inMemory()).build();
    }

    @AfterEach
    void stop() {
        gateway.close();
        model.close();
    }

    private void script(String finalAnswer) {
        model.toolCall("diagnosis_run", "{\"namespaces\":[\"web\"],\"categories\":null}")
                .toolCall("k8s_logs_tail", "{\"namespace\":\"web\",\"pod\":\"frontend-84d5c6f7b9-bw6xn\","
                        + "\"container\":null,\"tailLines\":50,\"previous\":null}")
                .toolCall("k8s_command_run", "{\"command\":\"" + UNDO + "\",\"reason\":\"roll back to the image"
                        + " that exists\"}")
                .answer(finalAnswer);
    }

    /** Collects what the person sees. */
    static final class Screen implements TurnListener {
        final StringBuilder text = new StringBuilder();
        final List<String> tools = new ArrayList<>();

        @Override
        public void text(String t) {
            text.append(t);
        }

        @Override
        public void toolCall(String tool, String arguments, String status) {
            tools.add(tool + " -> " + status);
        }
    }

    @Test
    void aRefusedRollbackIsAuditedAndTheAnswerSaysSo() throws Exception {
        script("The Deployment web/frontend cannot pull registry.example.com/web/frontend:v2.3.1-typo"
                + " (imagepullerror-69fde62e9aa7).\nI proposed `" + UNDO + "`, but the approval was declined, so"
                + " nothing was changed.\n");
        OnCallFixture f = new OnCallFixture(dir);
        ScriptedApprover person = new ScriptedApprover().answer("n");
        Screen screen = new Screen();
        try (ClusterAccess demo = ClusterAccess.demo();
             OnCallAgent agent = f.agent(demo, person).gateway(gateway, PromptRegistry.fromClasspath()).build()) {
            Turn t = agent.turn("why is the frontend not rolling out?", screen, Cancellation.create());

            assertThat(t.kind()).isEqualTo(Turn.Kind.MODEL);
            assertThat(screen.tools).containsExactly("diagnosis_run -> ok",
                    "k8s_logs_tail -> ok", "k8s_command_run -> declined");
            assertThat(person.asked).singleElement().satisfies(a -> {
                assertThat(a.command()).isEqualTo(UNDO);
                assertThat(a.requestedBy()).isEqualTo("model");
                assertThat(a.diff()).contains("v2.3.1-typo");
            });
            assertThat(t.answer()).contains("declined").contains("imagepullerror-69fde62e9aa7");
            assertThat(screen.text.toString()).isEqualTo(t.answer());
            assertThat(t.findings()).contains("imagepullerror-69fde62e9aa7");
            assertThat(t.ungrounded()).isEmpty();
            assertThat(Files.readString(dir.resolve("audit.jsonl")))
                    .contains("\"decision\":\"declined\"").contains("\"requestedBy\":\"model\"");

            List<String> requests = model.requests();
            assertThat(requests).hasSize(4);
            assertThat(requests.get(0)).contains("\"stream\":true").contains("\"strict\":true")
                    .contains("k8s_command_run").doesNotContain("\"source\"");
            assertThat(requests.get(1)).contains("ImagePullError");
            assertThat(requests.get(2)).contains("Back-off pulling image").doesNotContain("\"source\"");
            assertThat(requests.get(3)).contains("\\\"status\\\":\\\"declined\\\"");
        }
    }

    @Test
    void anApprovedRollbackOnTheDemoRemovesTheFinding() throws Exception {
        script("Rolled back web/frontend with `" + UNDO + "`; the next diagnosis should show it healthy.\n");
        OnCallFixture f = new OnCallFixture(dir);
        ScriptedApprover person = new ScriptedApprover().answer("y");
        try (ClusterAccess demo = ClusterAccess.demo();
             OnCallAgent agent = f.agent(demo, person).gateway(gateway, PromptRegistry.fromClasspath()).build()) {
            assertThat(agent.turn("/diagnose web", TurnListener.NONE, Cancellation.create()).answer())
                    .contains("ImagePullError");

            Turn t = agent.turn("fix the frontend rollout", TurnListener.NONE, Cancellation.create());

            assertThat(t.tools()).last().asString().endsWith("-> ran");
            String after = agent.turn("/diagnose web", TurnListener.NONE, Cancellation.create()).answer();
            assertThat(after).doesNotContain("ImagePullError").doesNotContain("RolloutStuck  Deployment frontend");
            assertThat(model.requests().get(3)).contains("\\\"status\\\":\\\"ran\\\"")
                    .contains("kubectl patch deployment frontend -n web --type merge");
        }
    }

    @Test
    void cancellingAnAnswerClosesItsStreamAndTheSessionGoesOn() throws Exception {
        CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread provider = new Thread(() -> halfAnswer(server, clientClosed), "half-answer");
            provider.setDaemon(true);
            provider.start();
            OnCallFixture f = new OnCallFixture(dir);
            try (LlmGateway slow = LlmGateway.openAi(new LlmSettings("http://127.0.0.1:" + server.getLocalPort()
                    + "/v1", "test-key", "gpt-4o-mini", Duration.ofSeconds(30))).usageLog(UsageLog.inMemory()).build();
                 ClusterAccess demo = ClusterAccess.demo();
                 OnCallAgent agent = f.agent(demo, Approver.denyAll()).gateway(slow, PromptRegistry.fromClasspath())
                         .build()) {
                Cancellation cancel = Cancellation.create();
                List<String> seen = new ArrayList<>();
                // Ctrl-C as soon as the first checked line of the answer is on the screen; the rest never comes
                Turn t = agent.turn("count to twenty", new TurnListener() {
                    @Override
                    public void text(String text) {
                        seen.add(text);
                        cancel.cancel();
                    }
                }, cancel);

                assertThat(t.cancelled()).isTrue();
                assertThat(seen).first().isEqualTo("one two\n");
                assertThat(clientClosed.get(10, TimeUnit.SECONDS)).as("the HTTP stream was closed").isTrue();
                assertThat(agent.turn("/findings", TurnListener.NONE, Cancellation.create()).answer())
                        .contains("ImagePullError");
                assertThat(Files.readString(agent.sessionFile())).contains("\"cancelled\":true");
            }
        }
    }

    /** Sends the first line of an answer, then nothing, until the client closes the connection. */
    private static void halfAnswer(ServerSocket server, CompletableFuture<Boolean> closed) {
        try (Socket s = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            int length = 0;
            for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                if (h.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).strip());
                }
            }
            in.skip(length);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                    + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"one two\\nthree\"},"
                    + "\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            closed.complete(s.getInputStream().read() < 0);
        } catch (IOException e) {
            closed.complete(true);
        }
    }

    @Test
    void namesTheClusterDoesNotHaveAreMarkedAndCounted() throws Exception {
        model.answer("Restart `payments-worker` with:\nkubectl rollout restart deployment/payments-worker -n payments\n"
                + "and check Deployment payments/payments-api.\n");
        OnCallFixture f = new OnCallFixture(dir);
        try (ClusterAccess demo = ClusterAccess.demo();
             OnCallAgent agent = f.agent(demo, Approver.denyAll()).gateway(gateway, PromptRegistry.fromClasspath())
                     .build()) {
            Turn t = agent.turn("what about the payments worker?", TurnListener.NONE, Cancellation.create());

            assertThat(t.ungrounded()).containsExactly("payments-worker");
            assertThat(t.answer()).contains("`payments-worker" + Grounding.MARK + "`")
                    .contains("deployment/payments-worker" + Grounding.MARK + " -n payments")
                    .contains("payments/payments-api.").doesNotContain("payments-api" + Grounding.MARK);
            assertThat(Files.readString(agent.sessionFile())).contains("\"ungroundedNames\":1");
        }
    }
}
