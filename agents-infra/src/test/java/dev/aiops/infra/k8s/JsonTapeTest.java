package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class JsonTapeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static JsonNode tape(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            return JsonTape.read(p, json.length());
        }
    }

    @Test
    void readsRandomDocumentsExactlyAsJacksonTreesDo() {
        Random r = new Random(7);
        for (int i = 0; i < 400; i++) {
            JsonNode expected = randomValue(r, 0);
            String json = JSON.writeValueAsString(expected);

            JsonNode onTape = tape(json);

            assertThat(onTape).as("document %d: %s", i, json).isEqualTo(JSON.readTree(json));
            assertThat(JSON.writeValueAsString(onTape)).isEqualTo(json);
            assertThat(onTape.hashCode()).isEqualTo(JSON.readTree(json).hashCode());
        }
    }

    @Test
    void answersLookupsIterationAndPathsLikeATree() {
        JsonNode n = tape("""
                {"kind":"Pod","metadata":{"name":"api-1","labels":{"app":"api","tier":"web"}},
                 "spec":{"containers":[{"name":"a","ports":[{"containerPort":8080}]},{"name":"b"}]},
                 "status":{"phase":"Running","count":3000000000,"big":123456789012345678901234567890,
                 "ratio":0.25,"ok":true,"none":null,"name":"héllo wörld ✓"}}""");

        assertThat(n.path("metadata").path("labels").properties()).extracting(Map.Entry::getKey)
                .containsExactly("app", "tier");
        assertThat(n.at("/spec/containers/1/name").asString()).isEqualTo("b");
        assertThat(n.path("spec").path("containers").get(0).path("ports").get(0).path("containerPort").asInt())
                .isEqualTo(8080);
        assertThat(n.path("spec").path("containers").size()).isEqualTo(2);
        assertThat(n.path("status").path("count").asLong()).isEqualTo(3_000_000_000L);
        assertThat(n.path("status").path("big").bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(n.path("status").path("ratio").asDouble()).isEqualTo(0.25);
        assertThat(n.path("status").path("ok").asBoolean()).isTrue();
        assertThat(n.path("status").get("none").isNull()).isTrue();
        assertThat(n.path("status").path("name").asString()).isEqualTo("héllo wörld ✓");
        assertThat(n.path("status").has("missing")).isFalse();
        assertThat(n.path("nothing").isMissingNode()).isTrue();
        List<String> names = new ArrayList<>();
        n.path("spec").path("containers").forEach(c -> names.add(c.path("name").asString()));
        assertThat(names).containsExactly("a", "b");
        assertThat(K8s.name(n)).isEqualTo("api-1");
        assertThat(K8s.kind(n)).isEqualTo("Pod");
        assertThat(K8s.namespace(n)).isNull();
        assertThat(K8s.text(n, "status", "count")).isEqualTo("3000000000");
    }

    @Test
    void aWriteThroughANestedViewIsKeptByTheObjectsAboveIt() {
        ObjectNode pod = (ObjectNode) tape("""
                {"metadata":{"name":"api-1"},"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""");

        ((ObjectNode) pod.get("metadata")).put("namespace", "shop");
        ((ObjectNode) pod.path("spec").path("containers").get(1)).put("image", "nginx:1.27");
        ((ArrayNode) pod.path("spec").path("containers")).add(F.objectNode().put("name", "c"));
        pod.put("kind", "Pod");

        assertThat(K8s.namespace(pod)).isEqualTo("shop");
        assertThat(pod.at("/spec/containers/1/image").asString()).isEqualTo("nginx:1.27");
        assertThat(pod.at("/spec/containers/2/name").asString()).isEqualTo("c");
        assertThat(pod.path("spec").path("containers").size()).isEqualTo(3);
        assertThat(K8s.kind(pod)).isEqualTo("Pod");
        assertThat(JSON.writeValueAsString(pod)).isEqualTo("{\"metadata\":{\"name\":\"api-1\",\"namespace\":\"shop\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\",\"image\":\"nginx:1.27\"},{\"name\":\"c\"}]},"
                + "\"kind\":\"Pod\"}");
    }

    @Test
    void removesThroughIteratorsAndReplacesThroughEntries() {
        ObjectNode o = (ObjectNode) tape("{\"a\":1,\"b\":2,\"c\":3,\"list\":[1,2,3,4]}");

        Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("b")) it.remove();
            if (e.getKey().equals("c")) e.setValue(F.stringNode("three"));
        }
        Iterator<JsonNode> values = o.path("list").values().iterator();
        while (values.hasNext()) {
            if (values.next().asInt() % 2 == 0) values.remove();
        }

        assertThat(JSON.writeValueAsString(o)).isEqualTo("{\"a\":1,\"c\":\"three\",\"list\":[1,3]}");
    }

    @Test
    void compactMapsKeepInsertionOrderAndGrowIntoAHashedMap() {
        CompactObjectMap m = new CompactObjectMap();
        for (int i = 0; i < 40; i++) m.put("k" + i, F.numberNode(i));
        m.put("k3", F.stringNode("replaced"));
        m.remove("k0");

        assertThat(m).hasSize(39);
        assertThat(m.keySet()).startsWith("k1", "k2", "k3").endsWith("k39");
        assertThat(m.get("k3").asString()).isEqualTo("replaced");
        assertThat(m.get("k25").asInt()).isEqualTo(25);

        CompactObjectMap small = new CompactObjectMap();
        small.put("x", F.numberNode(1));
        small.put("y", F.numberNode(2));
        small.entrySet().iterator().next().setValue(F.numberNode(9));
        Iterator<Map.Entry<String, JsonNode>> it = small.entrySet().iterator();
        it.next();
        it.remove();
        assertThat(small).containsOnlyKeys("y");
        assertThat(new ObjectNode(F, small)).isEqualTo(JSON.readTree("{\"y\":2}"));
    }

    @Test
    void viewsOfOneTapeCanBeReadFromManyThreads() throws Exception {
        Random r = new Random(11);
        JsonNode expected = randomValue(r, 0);
        while (!expected.isContainer()) expected = randomValue(r, 0);
        String json = JSON.writeValueAsString(expected);
        JsonNode shared = tape(json);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int i = 0; i < 16; i++) runs.add(pool.submit(() -> JSON.readTree(json).equals(shared)));
            for (Future<Boolean> f : runs) assertThat(f.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsonNode randomValue(Random r, int depth) {
        int pick = depth > 4 ? 2 + r.nextInt(7) : r.nextInt(9);
        switch (pick) {
            case 0 -> {
                ObjectNode o = F.objectNode();
                int n = r.nextInt(depth == 0 ? 25 : 6);
                for (int i = 0; i < n; i++) o.set(randomText(r), randomValue(r, depth + 1));
                return o;
            }
            case 1 -> {
                ArrayNode a = F.arrayNode();
                int n = r.nextInt(6);
                for (int i = 0; i < n; i++) a.add(randomValue(r, depth + 1));
                return a;
            }
            case 2, 3 -> {
                return F.stringNode(randomText(r));
            }
            case 4 -> {
                return F.numberNode(r.nextInt());
            }
            case 5 -> {
                return r.nextBoolean() ? F.numberNode(r.nextLong()) : F.numberNode(BigInteger.valueOf(r.nextLong())
                        .multiply(BigInteger.valueOf(Long.MAX_VALUE)));
            }
            case 6 -> {
                return F.numberNode(r.nextDouble() * 1e6);
            }
            case 7 -> {
                return F.booleanNode(r.nextBoolean());
            }
            default -> {
                return F.nullNode();
            }
        }
    }

    private static String randomText(Random r) {
        String alphabet = "abcXYZ019-_./:\"\\\n\té✓🚀 ";
        int n = r.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.appendCodePoint(alphabet.codePoints().toArray()[r.nextInt(alphabet.codePointCount(0,
                alphabet.length()))]);
        return sb.toString();
    }
}
