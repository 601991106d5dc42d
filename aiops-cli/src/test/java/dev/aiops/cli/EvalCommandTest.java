package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code aiops eval} over scenario folders, and {@code --record} turning a cluster into a new one. */
class EvalCommandTest {

    static final Path SAMPLES = Path.of("..", "agents-domain", "src", "test", "resources", "samples");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void everySharedSampleMeetsItsExpectations() {
        CliRun r = CliRun.run("eval", SAMPLES.toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("crashloop-missing-configmap-key", "healthy-small", "pending-insufficient-memory",
                "3 scenarios: recall 2/2 (100%), specific cause 2/2 (100%), 0 false alarms, ")
                .endsWith("All expectations met.\n");
    }

    @Test
    void oneScenarioFolderIsEvaluatedAsJson() {
        CliRun r = CliRun.run("eval", SAMPLES.resolve("pending-insufficient-memory").toString(), "-o", "json");

        JsonNode json = JSON.readTree(r.out());
        assertThat(r.exit()).isZero();
        assertThat(json.at("/scenarios")).hasSize(1);
        assertThat(json.at("/scenarios/0/findings/0/finding/category").asString()).isEqualTo("Unschedulable");
        assertThat(json.at("/total/recall").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/scenarios/0/timeMs").isIntegralNumber()).isTrue();
    }

    @Test
    void filesOfAScenarioThatCannotBeReadAreNamedAndTheRestIsScored() throws IOException {
        Path scenario = Folders.copy(SAMPLES.resolve("crashloop-missing-configmap-key"), dir.resolve("partial"));
        Files.writeString(scenario.resolve("dump/members/services.json"), "{\"kind\":\"ServiceList\",\"items\":[");

        CliRun r = CliRun.run("eval", scenario.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("aiops eval: partial: skipped members/services.json");
        assertThat(r.out()).contains("1 scenario: recall 1/1 (100%)");
    }

    /** The crash-loop sample, with expectations it cannot meet: a keyword it does not say, a finding it does not
     *  have, and its broken Deployment listed healthy. */
    private Path brokenScenario() throws IOException {
        Path scenario = dir.resolve("suites").resolve("too-demanding");
        Folders.copy(SAMPLES.resolve("crashloop-missing-configmap-key"), scenario);
        Files.writeString(scenario.resolve("expected.json"), """
                {"description": "as the sample, expecting too much",
                 "findings": [{"category": "ContainerConfigError", "kind": "Pod", "namespace": "library",
                               "name": "loan-service-658d47db4-hhftl", "ownerKind": "Deployment",
                               "ownerName": "loan-service", "keywords": ["GRACE_PERIOD_DAYS"]},
                              {"category": "OOMKilled", "kind": "Pod", "namespace": "library",
                               "name": "loan-service-746c6884f-8c4rh"}],
                 "healthy": [{"kind": "Deployment", "namespace": "library", "name": "loan-service"}]}
                """);
        return scenario.getParent();
    }

    @Test
    void missesAndFalseAlarmsExitOneAndFailTheirJunitTestCases() throws Exception {
        CliRun r = CliRun.run("eval", brokenScenario().toString(), "-o", "junit");

        assertThat(r.exit()).isEqualTo(1);
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        Map<String, String> failures = new LinkedHashMap<>();
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            NodeList f = c.getElementsByTagName("failure");
            failures.put(c.getAttribute("classname") + ": " + c.getAttribute("name"),
                    f.getLength() == 0 ? "passed" : ((Element) f.item(0)).getAttribute("message"));
        }
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("3");
        assertThat(failures).containsOnlyKeys(
                "too-demanding: reports ContainerConfigError on Pod library/loan-service-658d47db4-hhftl",
                "too-demanding: reports OOMKilled on Pod library/loan-service-746c6884f-8c4rh",
                "too-demanding: no false alarms");
        assertThat(failures.values()).satisfiesExactly(
                m -> assertThat(m).contains("names none of [GRACE_PERIOD_DAYS]", "LATE_FEE_POLICY"),
                m -> assertThat(m).isEqualTo("missing OOMKilled on Pod library/loan-service-746c6884f-8c4rh"),
                m -> assertThat(m).matches("\\d+ false alarms?: high ContainerConfigError on Pod"
                        + " library/loan-service-658d47db4-hhftl, listed healthy: .*"));
    }

    @Test
    void badInputIsOneSentenceNamingTheFileAndExitsTwo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path scenario = Folders.copy(SAMPLES.resolve("healthy-small"), dir.resolve("typo"));
        Files.writeString(scenario.resolve("expected.json"), "{\"findings\": [], \"healthy\": [{\"kind\": \"Node\"}]}");

        CliRun none = CliRun.run("eval", empty.toString());
        CliRun typo = CliRun.run("eval", scenario.toString());
        CliRun format = CliRun.run("eval", SAMPLES.toString(), "-o", "pdf");
        CliRun nothing = CliRun.run("eval");
        CliRun sourceWithoutRecord = CliRun.run("eval", SAMPLES.toString(), "--demo");

        assertThat(List.of(none, typo, format, nothing, sourceWithoutRecord)).extracting(CliRun::exit).containsOnly(2);
        assertThat(none.err()).startsWith("aiops eval: " + empty + " holds no scenario");
        assertThat(typo.err()).isEqualTo("aiops eval: " + scenario.resolve("expected.json")
                + ": /healthy/0/name: missing" + System.lineSeparator());
        assertThat(format.err()).contains("--output takes text, json or junit, not 'pdf'");
        assertThat(nothing.err()).contains("give a scenario folder DIR, or --record DIR");
        assertThat(sourceWithoutRecord.err()).contains("go with --record");
    }

    @Test
    void recordsTheDemoClusterAsAScenarioThatThenEvaluatesClean() throws IOException {
        Path incident = dir.resolve("demo-incident");

        CliRun recorded = CliRun.run("eval", "--record", incident.toString(), "--demo");
        CliRun evaluated = CliRun.run("eval", incident.toString());
        CliRun again = CliRun.run("eval", "--record", incident.toString(), "--demo");

        assertThat(recorded.exit()).as(recorded.err()).isZero();
        assertThat(recorded.out()).startsWith("recorded ").contains("then run: aiops eval " + incident);
        JsonNode expected = JSON.readTree(incident.resolve("expected.json").toFile());
        assertThat(expected.path("findings").findValuesAsString("category")).contains("ImagePullError");
        assertThat(expected.path("healthy")).isNotEmpty();
        assertThat(incident.resolve("dump/nodes.json")).exists();
        assertThat(evaluated.exit()).as(evaluated.out()).isZero();
        assertThat(evaluated.out()).contains("demo-incident", "0 false alarms").endsWith("All expectations met.\n");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains(incident + " is not empty");
    }
}
