package dev.aiops.composite.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.core.llm.Cancellation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

/** Sessions are saved as JSONL, listed, resumed, and a damaged file is reported with its line, never cut. */
class SessionStoreTest {

    @TempDir
    Path dir;

    @Test
    void aSessionIsSavedListedAndResumedWithItsTurns() throws Exception {
        OnCallFixture f = new OnCallFixture(dir);
        String id;
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, Approver.denyAll())
                .build()) {
            id = agent.sessionId();
            agent.turn("/findings", TurnListener.NONE, Cancellation.create());
            agent.turn("what is wrong with the indexer?", TurnListener.NONE, Cancellation.create());
        }
        List<SessionStore.Summary> list = f.sessions.list();
        assertThat(list).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(id);
            assertThat(s.turns()).isEqualTo(2);
            assertThat(s.lastQuestion()).isEqualTo("what is wrong with the indexer?");
            assertThat(s.cluster()).isEqualTo("demo aiops-demo");
        });
        try (ClusterAccess demo = ClusterAccess.demo(); OnCallAgent agent = f.agent(demo, Approver.denyAll())
                .resume(id).build()) {
            assertThat(agent.sessionId()).isEqualTo(id);
            String history = agent.turn("/history", TurnListener.NONE, Cancellation.create()).answer();
            assertThat(history).contains("1  ").contains("/findings").contains("what is wrong with the indexer?")
                    .contains("/history");
        }
        List<String> types = Files.readAllLines(f.sessions.directory().resolve(id + ".jsonl")).stream()
                .map(l -> l.replaceAll(".*\"type\":\"([a-z]+)\".*", "$1")).toList();
        assertThat(types).startsWith("session", "user", "answer", "user", "answer", "user", "answer");
    }

    @Test
    void aCorruptedSessionFileIsReportedWithItsLineNumber() throws Exception {
        SessionStore store = new SessionStore(dir, Clock.systemUTC());
        SessionStore.Session s = store.create("demo");
        s.append(JsonNodeFactory.instance.objectNode().put("type", "user").put("text", "hello"));
        Files.writeString(s.file(), "{\"type\":\"answer\",\"text\":\"cut in the mid", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        assertThatThrownBy(() -> store.resume(s.id())).isInstanceOf(SessionException.class)
                .hasMessageContaining(s.file() + ": line 3 is not valid JSON")
                .hasMessageContaining("corrupted from there on");
        assertThat(store.list()).singleElement().extracting(SessionStore.Summary::cluster).asString()
                .startsWith("unreadable: ").contains("line 3");
    }

    @Test
    void aRecordWithoutATypeOrAMissingHeaderIsNamed() throws Exception {
        SessionStore store = new SessionStore(dir, Clock.systemUTC());
        Path f = dir.resolve("20261207-101010-abcd.jsonl");
        Files.writeString(f, "{\"type\":\"session\",\"id\":\"x\"}\n[1,2]\n");
        assertThatThrownBy(() -> store.resume("20261207-101010-abcd"))
                .hasMessageContaining("line 2 is not a session record");
        Files.writeString(f, "{\"type\":\"user\",\"text\":\"hi\"}\n");
        assertThatThrownBy(() -> store.resume("20261207-101010-abcd"))
                .hasMessageContaining("line 1 should be the session header");
        Files.writeString(f, "");
        assertThatThrownBy(() -> store.resume("20261207-101010-abcd")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> store.resume("../../etc/passwd")).hasMessageContaining("is not a session id");
        assertThatThrownBy(() -> store.resume("20261207-101010-ffff")).hasMessageContaining("no session");
    }
}
