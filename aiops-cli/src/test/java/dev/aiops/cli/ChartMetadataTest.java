package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import tools.jackson.databind.JsonNode;

/** Chart.yaml and the values files: versions, and every option documented. */
class ChartMetadataTest {

    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    @Test
    void appVersionIsTheProjectVersion() throws Exception {
        JsonNode chart = ChartFixture.readYaml(ChartFixture.chart().resolve("Chart.yaml"));

        assertThat(chart.path("appVersion").asString())
                .as("Chart.yaml appVersion must equal the root pom's <version>: bump them together")
                .isEqualTo(projectVersion());
    }

    @Test
    void theChartIsAVersionedApplicationChartForSupportedKubernetes() {
        JsonNode chart = ChartFixture.readYaml(ChartFixture.chart().resolve("Chart.yaml"));

        assertThat(chart.path("apiVersion").asString()).isEqualTo("v2");
        assertThat(chart.path("name").asString()).isEqualTo("aiops");
        assertThat(chart.path("type").asString()).isEqualTo("application");
        assertThat(chart.path("version").asString()).matches(SEMVER).isEqualTo("0.1.0");
        // PodDisruptionBudget policy/v1, autoscaling/v2 and seccompProfile are all GA from 1.25 on
        assertThat(chart.path("kubeVersion").asString()).isEqualTo(">=1.25.0-0");
    }

    @Test
    void theCrdIsTheGeneratedScalingPolicy() {
        JsonNode crd = ChartFixture.readYaml(ChartFixture.chart().resolve("crds/scalingpolicies.aiops.dev-v1.yml"));

        assertThat(crd.path("kind").asString()).isEqualTo("CustomResourceDefinition");
        assertThat(crd.path("spec").path("group").asString()).isEqualTo("aiops.dev");
        assertThat(crd.path("spec").path("names").path("plural").asString()).isEqualTo("scalingpolicies");
        assertThat(crd.path("spec").path("versions").get(0).path("name").asString()).isEqualTo("v1alpha1");
    }

    /**
     * Every option in values.yaml has a comment line right above it, or is inside an option documented with a
     * {@code # --} comment (whose value is then a whole block, such as a probe or a security context).
     */
    @Test
    void everyOptionInValuesYamlIsDocumented() {
        List<String> lines = ChartFixture.read(ChartFixture.valuesFile("values.yaml")).lines().toList();
        Pattern key = Pattern.compile("^( *)([A-Za-z0-9_.-]+):(.*)$");
        Deque<int[]> documentedBlocks = new ArrayDeque<>(); // {indent} of keys whose subtree is documented
        List<String> undocumented = new ArrayList<>();
        String previous = "";
        String commentStart = ""; // the first line of the comment block right above the current line
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = key.matcher(line);
            if (m.matches()) {
                int indent = m.group(1).length();
                while (!documentedBlocks.isEmpty() && documentedBlocks.peek()[0] >= indent) documentedBlocks.pop();
                boolean commented = previous.stripLeading().startsWith("#");
                if (!commented && documentedBlocks.isEmpty() && !sectionWithChildren(lines, i)) {
                    undocumented.add(line.strip());
                }
                if (commented && commentStart.stripLeading().startsWith("# --")) {
                    documentedBlocks.push(new int[] {indent});
                }
            }
            if (!line.isBlank()) {
                boolean comment = line.stripLeading().startsWith("#");
                if (comment && !previous.stripLeading().startsWith("#")) commentStart = line;
                previous = line;
            }
        }
        assertThat(undocumented).as("options of values.yaml without a comment").isEmpty();
    }

    /** The values files only set options that values.yaml has (a typo would be silently ignored by Helm). */
    @ParameterizedTest
    @ValueSource(strings = {"values-dev.yaml", "values-prod.yaml"})
    void valuesFilesOnlySetKnownOptions(String file) {
        Map<String, JsonNode> known = ChartFixture.leaves(ChartFixture.readYaml(ChartFixture.valuesFile("values.yaml")));
        Map<String, JsonNode> set = ChartFixture.leaves(ChartFixture.readYaml(ChartFixture.valuesFile(file)));

        List<String> unknown = set.keySet().stream().filter(k -> known.keySet().stream()
                .noneMatch(kk -> kk.equals(k) || k.startsWith(kk + ".") || kk.startsWith(k + "."))).toList();
        assertThat(unknown).as("options in %s that values.yaml does not have", file).isEmpty();
    }

    /** A map key with no value on its line whose children are keys: a section, documented by its children. */
    private static boolean sectionWithChildren(List<String> lines, int i) {
        String line = lines.get(i);
        if (!line.strip().endsWith(":")) return false;
        int indent = line.length() - line.stripLeading().length();
        for (int j = i + 1; j < lines.size(); j++) {
            String next = lines.get(j);
            if (next.isBlank() || next.stripLeading().startsWith("#")) continue;
            int nextIndent = next.length() - next.stripLeading().length();
            return nextIndent > indent && !next.stripLeading().startsWith("- ");
        }
        return false;
    }

    /** The root pom's {@code <version>}. */
    static String projectVersion() throws Exception {
        Path pom = ChartFixture.root().resolve("pom.xml");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("version")) return e.getTextContent().trim();
        }
        throw new AssertionError("no <version> in " + pom);
    }
}
