package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The hardening and least-privilege rules of the chart, checked on what it renders: every container runs as a
 * non-root user with a read-only root filesystem, no privilege escalation, all capabilities dropped, the runtime's
 * seccomp profile, requests and limits and (for long-running ones) probes; no image is {@code :latest}; the
 * operator may patch workloads only where {@code operator.patchNamespaces} says; the MCP server reads, never
 * Secrets.
 */
class ChartSecurityTest {

    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "Pod");
    private static final Set<String> WORKLOADS_THE_OPERATOR_PATCHES = Set.of("deployments", "statefulsets",
            "daemonsets");

    @ParameterizedTest(name = "values.yaml + {0}")
    @NullSource
    @ValueSource(strings = {"values-dev.yaml", "values-prod.yaml"})
    void everyContainerIsHardened(String valuesFile) {
        String rendered = ChartFixture.render(valuesFile);
        List<JsonNode> workloads = ChartFixture.trees(rendered).stream()
                .filter(t -> WORKLOAD_KINDS.contains(t.path("kind").asString())).toList();
        assertThat(workloads).as("two Deployments and the helm test pod").hasSize(3);

        for (JsonNode w : workloads) {
            String what = w.path("kind").asString() + " " + w.path("metadata").path("name").asString();
            JsonNode pod = w.path("kind").asString().equals("Pod") ? w.path("spec")
                    : w.path("spec").path("template").path("spec");
            JsonNode podSc = pod.path("securityContext");
            assertThat(podSc.path("runAsNonRoot").asBoolean()).as("%s: pod runAsNonRoot", what).isTrue();
            assertThat(podSc.path("runAsUser").asInt()).as("%s: pod runAsUser", what).isEqualTo(10001);
            assertThat(podSc.path("seccompProfile").path("type").asString()).as("%s: pod seccomp", what)
                    .isEqualTo("RuntimeDefault");
            assertThat(pod.path("hostNetwork").asBoolean(false)).as("%s: hostNetwork", what).isFalse();
            assertThat(pod.path("hostPID").asBoolean(false)).as("%s: hostPID", what).isFalse();
            assertThat(pod.has("initContainers")).as("%s: no init containers to check", what).isFalse();
            assertThat(volumes(pod)).as("%s: volumes", what).allSatisfy(v -> assertThat(v.has("hostPath"))
                    .as("%s: hostPath volume %s", what, v.path("name").asString()).isFalse());

            for (JsonNode c : pod.path("containers")) {
                String in = what + " container " + c.path("name").asString();
                JsonNode sc = c.path("securityContext");
                assertThat(sc.path("runAsNonRoot").asBoolean()).as("%s: runAsNonRoot", in).isTrue();
                assertThat(sc.path("runAsUser").asInt()).as("%s: runAsUser", in).isEqualTo(10001);
                assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as("%s: readOnlyRootFilesystem", in).isTrue();
                assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as("%s: allowPrivilegeEscalation", in)
                        .isFalse();
                assertThat(sc.path("privileged").asBoolean(false)).as("%s: privileged", in).isFalse();
                assertThat(ChartRenderTest.strings(sc.path("capabilities").path("drop"))).as("%s: drop", in)
                        .containsExactly("ALL");
                assertThat(sc.path("capabilities").has("add")).as("%s: no added capabilities", in).isFalse();
                assertThat(sc.path("seccompProfile").path("type").asString()).as("%s: seccomp", in)
                        .isEqualTo("RuntimeDefault");
                JsonNode res = c.path("resources");
                for (String kind : List.of("requests", "limits")) {
                    assertThat(res.path(kind).has("cpu")).as("%s: %s.cpu", in, kind).isTrue();
                    assertThat(res.path(kind).has("memory")).as("%s: %s.memory", in, kind).isTrue();
                }
                if (!w.path("kind").asString().equals("Pod")) {
                    assertThat(c.has("livenessProbe")).as("%s: livenessProbe", in).isTrue();
                    assertThat(c.has("readinessProbe")).as("%s: readinessProbe", in).isTrue();
                }
                // the only writable place: /tmp, an emptyDir
                assertThat(c.path("volumeMounts").findValues("mountPath").stream().map(JsonNode::asString))
                        .as("%s: mounts", in).containsExactly("/tmp");
                assertThat(volumes(pod)).as("%s: the /tmp volume", in).anySatisfy(v -> {
                    assertThat(v.path("name").asString()).isEqualTo("tmp");
                    assertThat(v.has("emptyDir")).isTrue();
                });
            }
        }
    }

    @ParameterizedTest(name = "values.yaml + {0}")
    @NullSource
    @ValueSource(strings = {"values-dev.yaml", "values-prod.yaml"})
    void noImageIsLatestOrUntagged(String valuesFile) {
        String rendered = ChartFixture.render(valuesFile);

        List<String> images = ChartFixture.trees(rendered).stream().flatMap(t -> t.findValues("image").stream())
                .map(JsonNode::asString).toList();
        assertThat(images).isNotEmpty().allSatisfy(image -> {
            String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
            boolean tagged = ref.lastIndexOf(':') > ref.lastIndexOf('/');
            assertThat(tagged || image.contains("@sha256:")).as("%s has a tag or digest", image).isTrue();
            assertThat(image).as("%s", image).doesNotEndWith(":latest");
        });
        List<String> policies = ChartFixture.trees(rendered).stream().flatMap(t -> t.findValues("imagePullPolicy")
                .stream()).map(JsonNode::asString).toList();
        assertThat(policies).isNotEmpty().containsOnly("IfNotPresent");
    }

    @Test
    void theImageTagDefaultsToTheAppVersionAndRefusesLatest() {
        String pinned = ChartFixture.render(List.of(), "image:\n  tag: \"1.2.3\"\n");
        String digest = ChartFixture.render(List.of(), "image:\n  digest: sha256:" + "a".repeat(64) + "\n");

        assertThat(ChartRenderTest.container(ChartFixture.one(pinned, "Deployment", "aiops-operator"))
                .path("image").asString()).isEqualTo("ghcr.io/aiops-agents/aiops:1.2.3");
        assertThat(ChartRenderTest.container(ChartFixture.one(digest, "Deployment", "aiops-mcp"))
                .path("image").asString()).isEqualTo("ghcr.io/aiops-agents/aiops@sha256:" + "a".repeat(64));
        assertThatThrownBy(() -> ChartFixture.render(List.of(), "image:\n  tag: latest\n"))
                .hasMessageContaining("must not be \"latest\"");
        assertThatThrownBy(() -> ChartFixture.render(List.of(), "tests:\n  image:\n    tag: latest\n"))
                .hasMessageContaining("must not be \"latest\"");
    }

    @Test
    void withoutPatchNamespacesTheOperatorCannotPatchAnything() {
        String rendered = ChartFixture.render(List.of(), "operator:\n  patchNamespaces: []\n");

        assertThat(patchRules(rendered)).as("no patch verb anywhere (recommend-only)").isEmpty();
        JsonNode clusterRole = ChartFixture.one(rendered, "ClusterRole", "aiops-operator");
        assertThat(writeVerbsOn(clusterRole, WORKLOADS_THE_OPERATOR_PATCHES)).isEmpty();
        assertThat(ChartFixture.ofKind(rendered, "Role")).extracting(r -> r.path("metadata").path("namespace")
                .asString()).containsOnly(ChartFixture.NAMESPACE);
    }

    @Test
    void withPatchNamespacesTheOperatorPatchesOnlyThereThroughRoles() {
        String rendered = ChartFixture.render(List.of(), "operator:\n  patchNamespaces: [shop, payments, shop]\n");

        JsonNode clusterRole = ChartFixture.one(rendered, "ClusterRole", "aiops-operator");
        assertThat(writeVerbsOn(clusterRole, WORKLOADS_THE_OPERATOR_PATCHES)).as("no cluster-wide write on workloads")
                .isEmpty();
        List<JsonNode> patchRoles = ChartFixture.ofKind(rendered, "Role").stream()
                .filter(r -> r.path("metadata").path("name").asString().equals("aiops-operator-patch")).toList();
        assertThat(patchRoles).extracting(r -> r.path("metadata").path("namespace").asString())
                .containsExactly("shop", "payments");
        for (JsonNode role : patchRoles) {
            assertThat(role.path("rules").size()).isEqualTo(1);
            JsonNode rule = role.path("rules").get(0);
            assertThat(ChartRenderTest.strings(rule.path("apiGroups"))).containsExactly("apps");
            assertThat(ChartRenderTest.strings(rule.path("resources")))
                    .containsExactlyInAnyOrderElementsOf(WORKLOADS_THE_OPERATOR_PATCHES);
            assertThat(ChartRenderTest.strings(rule.path("verbs"))).containsExactly("patch");
        }
        List<JsonNode> bindings = ChartFixture.ofKind(rendered, "RoleBinding").stream()
                .filter(b -> b.path("roleRef").path("name").asString().equals("aiops-operator-patch")).toList();
        assertThat(bindings).extracting(b -> b.path("metadata").path("namespace").asString())
                .containsExactly("shop", "payments");
        assertThat(bindings).allSatisfy(b -> {
            assertThat(b.path("subjects").get(0).path("name").asString()).isEqualTo("aiops-operator");
            assertThat(b.path("subjects").get(0).path("namespace").asString()).isEqualTo(ChartFixture.NAMESPACE);
        });
    }

    @Test
    void aStarGrantsTheClusterWidePatchAndNoRoles() {
        String rendered = ChartFixture.render(List.of(), "operator:\n  patchNamespaces: [\"*\"]\n");

        JsonNode clusterRole = ChartFixture.one(rendered, "ClusterRole", "aiops-operator");
        assertThat(writeVerbsOn(clusterRole, WORKLOADS_THE_OPERATOR_PATCHES)).containsExactly("patch");
        assertThat(ChartFixture.ofKind(rendered, "Role")).extracting(r -> r.path("metadata").path("name").asString())
                .doesNotContain("aiops-operator-patch");
    }

    @ParameterizedTest(name = "values.yaml + {0}")
    @NullSource
    @ValueSource(strings = {"values-dev.yaml", "values-prod.yaml"})
    void theOperatorGetsExactlyWhatItNeeds(String valuesFile) {
        String rendered = ChartFixture.render(valuesFile);

        JsonNode clusterRole = ChartFixture.one(rendered, "ClusterRole", "aiops-operator");
        for (JsonNode rule : clusterRole.path("rules")) {
            List<String> resources = ChartRenderTest.strings(rule.path("resources"));
            List<String> verbs = ChartRenderTest.strings(rule.path("verbs"));
            assertThat(resources).as("never Secrets, leases or configmaps cluster-wide")
                    .doesNotContain("secrets", "leases", "configmaps", "*");
            assertThat(verbs).as("no delete, escalate or wildcard").doesNotContain("delete", "deletecollection",
                    "escalate", "bind", "impersonate", "*");
            if (verbs.contains("update")) assertThat(resources).containsExactly("scalingpolicies/status");
            if (verbs.contains("create")) assertThat(resources).containsExactly("events");
        }
        assertThat(readVerbsOn(clusterRole, "scalingpolicies")).contains("get", "list", "watch");
        for (String kind : List.of("deployments", "statefulsets", "daemonsets", "replicasets", "pods",
                "horizontalpodautoscalers", "nodes")) {
            assertThat(readVerbsOn(clusterRole, kind)).as(kind).contains("get", "list", "watch");
        }

        JsonNode role = ChartFixture.one(rendered, "Role", "aiops-operator");
        assertThat(role.path("metadata").path("namespace").asString()).isEqualTo(ChartFixture.NAMESPACE);
        assertThat(readVerbsOn(role, "leases")).containsExactlyInAnyOrder("get", "create", "update");
        assertThat(readVerbsOn(role, "configmaps")).containsExactlyInAnyOrder("get", "create", "update");
        JsonNode binding = ChartFixture.one(rendered, "ClusterRoleBinding", "aiops-operator");
        assertThat(binding.path("subjects").get(0).path("name").asString()).isEqualTo("aiops-operator");
    }

    @ParameterizedTest(name = "values.yaml + {0}")
    @NullSource
    @ValueSource(strings = {"values-dev.yaml", "values-prod.yaml"})
    void theMcpServerOnlyReadsAndNeverSecrets(String valuesFile) {
        String rendered = ChartFixture.render(valuesFile);

        JsonNode clusterRole = ChartFixture.one(rendered, "ClusterRole", "aiops-mcp");
        List<String> granted = new ArrayList<>();
        for (JsonNode rule : clusterRole.path("rules")) {
            assertThat(ChartRenderTest.strings(rule.path("verbs"))).isSubsetOf("get", "list", "watch");
            granted.addAll(ChartRenderTest.strings(rule.path("resources")));
        }
        assertThat(granted).doesNotContain("secrets", "*").containsExactlyInAnyOrder("pods", "events", "services",
                "nodes", "namespaces", "configmaps", "pods/log", "deployments", "replicasets", "statefulsets",
                "daemonsets");
        assertThat(ChartFixture.ofKind(rendered, "Role").stream().map(r -> r.path("metadata").path("labels")
                .path("app.kubernetes.io/component").asString())).doesNotContain("mcp");
        // and no role of the chart grants Secrets to anyone
        for (String kind : List.of("ClusterRole", "Role")) {
            for (JsonNode r : ChartFixture.ofKind(rendered, kind)) {
                assertThat(r.path("rules").findValues("resources").stream().flatMap(v -> ChartRenderTest.strings(v)
                        .stream())).as("%s %s", kind, r.path("metadata").path("name").asString())
                        .doesNotContain("secrets", "*");
            }
        }
    }

    private static List<JsonNode> patchRules(String rendered) {
        List<JsonNode> out = new ArrayList<>();
        for (String kind : List.of("ClusterRole", "Role")) {
            for (JsonNode r : ChartFixture.ofKind(rendered, kind)) {
                for (JsonNode rule : r.path("rules")) {
                    if (ChartRenderTest.strings(rule.path("verbs")).contains("patch")) out.add(rule);
                }
            }
        }
        return out;
    }

    private static List<String> writeVerbsOn(JsonNode role, Set<String> resources) {
        List<String> out = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
            if (ChartRenderTest.strings(rule.path("resources")).stream().anyMatch(resources::contains)) {
                ChartRenderTest.strings(rule.path("verbs")).stream()
                        .filter(v -> !Set.of("get", "list", "watch").contains(v)).forEach(out::add);
            }
        }
        return out;
    }

    private static List<String> readVerbsOn(JsonNode role, String resource) {
        List<String> out = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
            if (ChartRenderTest.strings(rule.path("resources")).contains(resource)) {
                out.addAll(ChartRenderTest.strings(rule.path("verbs")));
            }
        }
        return out;
    }

    private static List<JsonNode> volumes(JsonNode podSpec) {
        List<JsonNode> out = new ArrayList<>();
        podSpec.path("volumes").forEach(out::add);
        return out;
    }
}
