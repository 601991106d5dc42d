package dev.aiops.domain.eval;

import static dev.aiops.domain.eval.ScenarioScoreTest.DEPLOYMENT;
import static dev.aiops.domain.eval.ScenarioScoreTest.POD;
import static dev.aiops.domain.eval.ScenarioScoreTest.WEB;
import static dev.aiops.domain.eval.ScenarioScoreTest.finding;
import static dev.aiops.domain.eval.ScenarioScoreTest.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.llm.Usage;
import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.domain.diagnosis.TestResources;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EvalRunTest {

    /** One scenario met, one with a miss, a cause not named and a false alarm on a healthy Deployment. */
    static EvalRun mixedRun() {
        ExpectedFinding crash = new ExpectedFinding(Category.CrashLoopBackOff, POD, DEPLOYMENT, List.of("REDIS_URL"),
                null);
        ExpectedFinding oom = new ExpectedFinding(Category.OOMKilled, new ObjectRef("Pod", "shop", "w-1"), null,
                List.of("128Mi"), null);
        ScenarioScore good = ScenarioScore.of("cart-crash", new Expectations("", List.of(crash), List.of()),
                report(finding(Category.CrashLoopBackOff, Severity.HIGH, POD, DEPLOYMENT, "REDIS_URL unset", "x")),
                120).withRubric(new Rubric(new Rubric.Grade(5, "names REDIS_URL"), new Rubric.Grade(4, "quotes"),
                new Rubric.Grade(3, "vague"), new Usage(1000, 0, 100, 0, false, 0.0012), "eval.rubric 1.0.0", null));
        ScenarioScore bad = ScenarioScore.of("two-faults", new Expectations("", List.of(crash, oom), List.of(WEB)),
                report(finding(Category.CrashLoopBackOff, Severity.HIGH, POD, DEPLOYMENT, "exits 1", "Back-off"),
                        finding(Category.ProbeFailure, Severity.HIGH, WEB, null, "port 8081", "Readiness <failed>")),
                80).withRubric(Rubric.failed("the model's answer is not JSON", new Usage(900, 0, 20, 0, false,
                0.0005), "eval.rubric 1.0.0"));
        return new EvalRun(List.of(good, bad));
    }

    @Test
    void totalsCountEveryScenario() {
        EvalRun run = mixedRun();

        assertThat(run.expected()).isEqualTo(3);
        assertThat(run.found()).isEqualTo(2);
        assertThat(run.namedCause()).isEqualTo(1);
        assertThat(run.falseAlarms()).isEqualTo(1);
        assertThat(run.millis()).isEqualTo(200);
        assertThat(run.passed()).isFalse();
        assertThat(run.rubricUsage().totalTokens()).isEqualTo(2020);
        assertThat(run.rubricMean(Rubric::rootCause)).hasValue(5.0);
    }

    @Test
    void textListsEachScenarioWhatWentWrongAndTheTotals() {
        String text = mixedRun().text();

        assertThat(text).contains("cart-crash  ", "1/1", "120 ms", "two-faults", "1/2",
                "  - CrashLoopBackOff on Pod shop/cart-7d9f-abcde names none of [REDIS_URL]; its root cause says: exits 1",
                "  - missing OOMKilled on Pod shop/w-1",
                "  - false alarm: high ProbeFailure on Deployment shop/web, listed healthy",
                "  rubric: root cause 5/5, evidence 4/5, remediation 3/5 (1,000 tokens in, 100 out, $0.0012)",
                "  rubric failed: the model's answer is not JSON",
                "2 scenarios: recall 2/3 (67%), specific cause 1/3 (33%), 1 false alarm, 200 ms",
                "Rubric (eval.rubric 1.0.0), mean of 1 graded: root cause 5.0/5, evidence 4.0/5, remediation 3.0/5;"
                        + " 1,900 tokens in, 120 out, $0.0017")
                .endsWith("Some expectations are not met.\n");
    }

    @Test
    void jsonCarriesTheSameFigures() {
        JsonNode json = JsonMapper.builder().build().readTree(mixedRun().json());

        assertThat(json.at("/total/recall").asDouble()).isEqualTo(2.0 / 3);
        assertThat(json.at("/total/passed").asBoolean()).isFalse();
        assertThat(json.at("/total/rubric/costUsd").asDouble()).isEqualTo(0.0017, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.at("/scenarios/1/findings/1/problem").asString()).startsWith("missing OOMKilled");
        assertThat(json.at("/scenarios/1/falseAlarms/0/listedHealthy/name").asString()).isEqualTo("web");
        assertThat(json.at("/scenarios/0/rubric/rootCause/score").asInt()).isEqualTo(5);
        assertThat(json.at("/scenarios/1/rubric/error").asString()).isEqualTo("the model's answer is not JSON");
    }

    @Test
    void junitXmlParsesBackWithOneCasePerExpectationAndOnePerScenario() throws Exception {
        String xml = mixedRun().junitXml();

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = doc.getDocumentElement();
        NodeList cases = suite.getElementsByTagName("testcase");
        List<String> names = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            names.add(c.getAttribute("classname") + ": " + c.getAttribute("name"));
            NodeList f = c.getElementsByTagName("failure");
            if (f.getLength() > 0) failures.add(((Element) f.item(0)).getAttribute("type") + ": "
                    + ((Element) f.item(0)).getAttribute("message"));
        }

        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("tests")).isEqualTo("5");
        assertThat(suite.getAttribute("failures")).isEqualTo("3");
        assertThat(suite.getAttribute("time")).isEqualTo("0.200");
        assertThat(names).containsExactly(
                "cart-crash: reports CrashLoopBackOff on Pod shop/cart-7d9f-abcde",
                "cart-crash: no false alarms",
                "two-faults: reports CrashLoopBackOff on Pod shop/cart-7d9f-abcde",
                "two-faults: reports OOMKilled on Pod shop/w-1",
                "two-faults: no false alarms");
        assertThat(failures).containsExactly(
                "causeNotNamed: CrashLoopBackOff on Pod shop/cart-7d9f-abcde names none of [REDIS_URL]; its root cause"
                        + " says: exits 1",
                "missed: missing OOMKilled on Pod shop/w-1",
                "falseAlarm: 1 false alarm: high ProbeFailure on Deployment shop/web, listed healthy: ProbeFailure on web");
        assertThat(((Element) cases.item(1)).getAttribute("time")).isEqualTo("0.120");
        assertThat(xml).contains("<property name=\"rubric.cart-crash.rootCause\" value=\"5\"/>");
    }

    @Test
    void eachScenarioIsTimedFromReadingItsSnapshotToItsReport() {
        Iterator<Long> ticks = List.of(1_000_000_000L, 1_250_000_000L, 2_000_000_000L, 2_040_000_000L).iterator();
        Evaluation evaluation = new Evaluation(Diagnoser.standard()).withNanoTime(ticks::next);

        EvalRun run = evaluation.run(Scenario.find(TestResources.resource("samples")).subList(0, 2));

        assertThat(run.scenarios()).extracting(ScenarioScore::millis).containsExactly(250L, 40L);
        assertThat(run.passed()).isTrue();
    }
}
