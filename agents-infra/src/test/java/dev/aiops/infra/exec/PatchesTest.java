package dev.aiops.infra.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** RFC 7386 merge patches, their inverse, and the RFC 6902 operations kubectl patch --type json takes. */
class PatchesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode j(String s) {
        return JSON.readTree(s);
    }

    @Test
    void mergeFollowsRfc7386() {
        assertThat(Patches.merge(j("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}"), j("{\"a\":\"z\",\"c\":{\"f\":null}}")))
                .isEqualTo(j("{\"a\":\"z\",\"c\":{\"d\":\"e\"}}"));
        assertThat(Patches.merge(j("{\"a\":[1,2]}"), j("{\"a\":[3]}"))).isEqualTo(j("{\"a\":[3]}"));
        assertThat(Patches.merge(j("{\"a\":1}"), j("[1]"))).isEqualTo(j("[1]"));
    }

    @Test
    void diffIsTheMergePatchBetweenTwoObjects() {
        JsonNode from = j("{\"spec\":{\"replicas\":1,\"paused\":true},\"keep\":1}");
        JsonNode to = j("{\"spec\":{\"replicas\":3},\"keep\":1,\"new\":\"x\"}");
        JsonNode patch = Patches.diff(from, to);
        assertThat(patch).isEqualTo(j("{\"spec\":{\"replicas\":3,\"paused\":null},\"new\":\"x\"}"));
        assertThat(Patches.merge(from, patch)).isEqualTo(to);
    }

    @Test
    void jsonPatchAppliesAddRemoveReplaceAndTest() {
        JsonNode doc = j("{\"a\":{\"b\":[1,2]},\"c\":\"x\"}");
        JsonNode out = Patches.json(doc, j("[{\"op\":\"add\",\"path\":\"/a/b/-\",\"value\":3},"
                + "{\"op\":\"add\",\"path\":\"/a/b/0\",\"value\":0},{\"op\":\"replace\",\"path\":\"/c\",\"value\":\"y\"},"
                + "{\"op\":\"remove\",\"path\":\"/a/b/1\"},{\"op\":\"test\",\"path\":\"/c\",\"value\":\"y\"},"
                + "{\"op\":\"add\",\"path\":\"/d~1e\",\"value\":true}]"));
        assertThat(out).isEqualTo(j("{\"a\":{\"b\":[0,2,3]},\"c\":\"y\",\"d/e\":true}"));
        assertThat(doc).isEqualTo(j("{\"a\":{\"b\":[1,2]},\"c\":\"x\"}"));
    }

    @Test
    void badJsonPatchesSayWhatIsWrong() {
        JsonNode doc = j("{\"a\":[1]}");
        assertThatThrownBy(() -> Patches.json(doc, j("{}"))).hasMessageContaining("an array of operations");
        assertThatThrownBy(() -> Patches.json(doc, j("[{\"op\":\"remove\",\"path\":\"/b\"}]")))
                .hasMessageContaining("/b does not exist");
        assertThatThrownBy(() -> Patches.json(doc, j("[{\"op\":\"add\",\"path\":\"/a/5\",\"value\":1}]")))
                .hasMessageContaining("index 5 is out of range");
        assertThatThrownBy(() -> Patches.json(doc, j("[{\"op\":\"move\",\"path\":\"/a\"}]")))
                .hasMessageContaining("unsupported JSON patch operation 'move'");
        assertThatThrownBy(() -> Patches.json(doc, j("[{\"op\":\"test\",\"path\":\"/a/0\",\"value\":2}]")))
                .hasMessageContaining("test failed at /a/0");
        assertThatThrownBy(() -> Patches.json(doc, j("[{\"op\":\"add\",\"path\":\"a\",\"value\":2}]")))
                .hasMessageContaining("not a JSON pointer");
        assertThatThrownBy(() -> Patches.json(doc, j("[{\"op\":\"add\",\"path\":\"/a/x\",\"value\":2}]")))
                .hasMessageContaining("'x' is not an index");
    }
}
