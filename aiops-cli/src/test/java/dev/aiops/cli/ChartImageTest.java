package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The image the chart runs, as far as it can be checked without a Docker engine: the Dockerfile's rules
 * (multi-stage, pinned JDK/JRE 17 bases, never {@code :latest}, a non-root user, the CLI as entrypoint), the build
 * context, and the Jib configuration in aiops-cli/pom.xml (same base and user, not bound to a phase).
 */
class ChartImageTest {

    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$");
    private static final Pattern ARG = Pattern.compile("(?m)^ARG\\s+([A-Z_]+)=(\\S+)\\s*$");

    @Test
    void theDockerfileBuildsInOneStageAndRunsOnAPinnedJreAsANonRootUser() {
        String dockerfile = ChartFixture.read(ChartFixture.root().resolve("Dockerfile"));

        List<String> from = FROM.matcher(dockerfile).results().map(m -> resolve(dockerfile, m.group(1))).toList();
        assertThat(from).as("multi-stage: a build stage and a runtime stage").hasSize(2);
        assertThat(from.get(0)).matches("eclipse-temurin:17\\.[0-9._]+-jdk(-[a-z]+)?");
        assertThat(from.get(1)).matches("eclipse-temurin:17\\.[0-9._]+-jre(-[a-z]+)?");
        assertThat(dockerfile).doesNotContainPattern("(?i):latest\\b");
        assertThat(dockerfile).contains("./mvnw -B -ntp -pl aiops-cli -am package -DskipTests");
        assertThat(dockerfile).contains("COPY --from=build");

        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)\\s*$").matcher(dockerfile);
        String lastUser = null;
        while (user.find()) lastUser = user.group(1);
        assertThat(lastUser).as("the runtime stage's USER").isEqualTo("10001:10001");
        assertThat(dockerfile.lastIndexOf("USER ")).as("USER comes after the last FROM")
                .isGreaterThan(dockerfile.lastIndexOf("FROM "));
        assertThat(dockerfile).containsPattern("(?m)^ENTRYPOINT \\[\"java\", .*\"-jar\", \"/opt/aiops/aiops.jar\"\\]$");
        assertThat(dockerfile).contains("useradd --system --uid 10001");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndVcsButKeepsTheModules() {
        List<String> ignored = ChartFixture.read(ChartFixture.root().resolve(".dockerignore")).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        assertThat(ignored).contains("**/target/", ".git/");
        assertThat(ignored).as("the reactor needs every module and the skills/prompts resources").doesNotContain(
                "agents-core", "agents-infra", "agents-domain", "agents-composite", "aiops-cli", "skills", "prompts",
                "examples", "benchmarks", "coverage", "pom.xml", "mvnw", ".mvn");
    }

    @Test
    void jibBuildsTheSameImageAndIsNotBoundToAPhase() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ChartFixture.root().resolve("aiops-cli/pom.xml").toFile());
        Element jib = null;
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element p = (Element) plugins.item(i);
            if (text(p, "artifactId").equals("jib-maven-plugin")) jib = p;
        }
        assertThat(jib).as("jib-maven-plugin in aiops-cli/pom.xml").isNotNull();
        assertThat(jib.getElementsByTagName("executions").getLength()).as("no executions: verify must not push")
                .isZero();
        Element from = (Element) jib.getElementsByTagName("from").item(0);
        Element to = (Element) jib.getElementsByTagName("to").item(0);
        Element container = (Element) jib.getElementsByTagName("container").item(0);
        String dockerfile = ChartFixture.read(ChartFixture.root().resolve("Dockerfile"));
        String runtime = resolve(dockerfile, "${RUNTIME_IMAGE}");
        assertThat(text(from, "image")).as("the Dockerfile's runtime base").isEqualTo(runtime);
        assertThat(text(to, "image")).isEqualTo("ghcr.io/aiops-agents/aiops:${project.version}");
        assertThat(text(container, "user")).isEqualTo("10001:10001");
        assertThat(text(container, "mainClass")).isEqualTo(AiopsCommand.class.getName());

        String rootPom = ChartFixture.read(ChartFixture.root().resolve("pom.xml"));
        assertThat(rootPom).contains("<jib.version>3.5.2</jib.version>");
        // the chart's default image is the one Jib pushes
        assertThat(ChartFixture.readYaml(ChartFixture.valuesFile("values.yaml")).path("image").path("repository")
                .asString()).isEqualTo("ghcr.io/aiops-agents/aiops");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }

    /** {@code ${NAME}} of a FROM line, replaced by the default of {@code ARG NAME=...}. */
    private static String resolve(String dockerfile, String image) {
        if (!image.startsWith("${")) return image;
        String name = image.substring(2, image.length() - 1);
        return ARG.matcher(dockerfile).results().filter(m -> m.group(1).equals(name)).map(m -> m.group(2))
                .findFirst().orElseThrow(() -> new AssertionError("no ARG " + name + " with a default"));
    }
}
