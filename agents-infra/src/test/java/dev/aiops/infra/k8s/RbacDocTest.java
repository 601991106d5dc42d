package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** docs/rbac-read-only.yaml grants what LiveClusterReader asks for, and nothing that writes. */
class RbacDocTest {

    @Test
    void theClusterRoleCoversEveryKindReadAndOnlyReads() throws Exception {
        Path doc = Path.of("..", "docs", "rbac-read-only.yaml");
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAMLMapper.builder().build().readerFor(JsonNode.class)
                .readValues(Files.readString(doc))) {
            while (it.hasNextValue()) docs.add(it.nextValue());
        }
        JsonNode role = docs.stream().filter(d -> "ClusterRole".equals(K8s.kind(d))).findFirst().orElseThrow();
        Set<String> list = new HashSet<>();
        Set<String> get = new HashSet<>();
        Set<String> verbs = new HashSet<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    for (JsonNode verb : rule.path("verbs")) {
                        String key = group.asString() + "/" + resource.asString();
                        verbs.add(verb.asString());
                        if (verb.asString().equals("list")) list.add(key);
                        if (verb.asString().equals("get")) get.add(key);
                    }
                }
            }
        }
        for (ApiResource r : ApiResource.DIAGNOSIS) {
            assertThat(list).as("list " + r.qualifiedPlural()).contains(r.group() + "/" + r.plural());
        }
        assertThat(get).contains("/pods/log");
        assertThat(verbs).containsExactlyInAnyOrder("get", "list");
    }
}
