package dev.aiops.domain.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioScoreTest {

    static final ObjectRef POD = new ObjectRef("Pod", "shop", "cart-7d9f-abcde");
    static final ObjectRef OTHER_POD = new ObjectRef("Pod", "shop", "cart-7d9f-fghij");
    static final ObjectRef DEPLOYMENT = new ObjectRef("Deployment", "shop", "cart");
    static final ObjectRef WEB = new ObjectRef("Deployment", "shop", "web");

    static Finding finding(Category c, Severity s, ObjectRef object, ObjectRef owner, String rootCause,
                           String evidence) {
        return new Finding(null, c, s, object, owner, c + " on " + object.name(), rootCause,
                List.of(Evidence.event(evidence)), List.of(), List.of(), null);
    }

    static DiagnosisReport report(Finding... findings) {
        return new DiagnosisReport(Instant.EPOCH, "dump", "test", 10, 1, List.of(findings), List.of());
    }

    static ExpectedFinding expectCrashOnPod(String... keywords) {
        return new ExpectedFinding(Category.CrashLoopBackOff, POD, DEPLOYMENT, List.of(keywords), null);
    }

    @Test
    void aFindingOnAnotherPodOfTheSameOwnerMeetsTheExpectation() {
        Expectations expected = new Expectations("", List.of(expectCrashOnPod("REDIS_URL")), List.of());

        ScenarioScore score = ScenarioScore.of("s", expected, report(finding(Category.CrashLoopBackOff,
                Severity.HIGH, OTHER_POD, DEPLOYMENT, "REDIS_URL is not set", "Back-off restarting")), 5);

        assertThat(score.found()).isEqualTo(1);
        assertThat(score.namedCause()).isEqualTo(1);
        assertThat(score.passed()).isTrue();
        assertThat(score.outcomes().get(0).problem()).isNull();
    }

    @Test
    void anotherCategoryOrAnotherObjectIsAMiss() {
        Expectations expected = new Expectations("", List.of(expectCrashOnPod()), List.of());

        ScenarioScore score = ScenarioScore.of("s", expected, report(
                finding(Category.OOMKilled, Severity.HIGH, POD, DEPLOYMENT, "limit 128Mi", "OOMKilled"),
                finding(Category.CrashLoopBackOff, Severity.HIGH, new ObjectRef("Pod", "shop", "web-1"), WEB, "x",
                        "y")), 5);

        assertThat(score.found()).isZero();
        assertThat(score.passed()).isFalse();
        assertThat(score.outcomes().get(0).problem())
                .isEqualTo("missing CrashLoopBackOff on Pod shop/cart-7d9f-abcde (or its owner Deployment shop/cart)");
    }

    @Test
    void theCauseIsNamedWhenAKeywordIsInTheSummaryRootCauseOrEvidenceIgnoringCase() {
        Expectations expected = new Expectations("", List.of(expectCrashOnPod("late_fee_policy", "nothing")),
                List.of());

        ScenarioScore inEvidence = ScenarioScore.of("s", expected, report(finding(Category.CrashLoopBackOff,
                Severity.HIGH, POD, DEPLOYMENT, "the container exits", "couldn't find key LATE_FEE_POLICY")), 5);
        ScenarioScore nowhere = ScenarioScore.of("s", expected, report(finding(Category.CrashLoopBackOff,
                Severity.HIGH, POD, DEPLOYMENT, "the container exits", "Back-off restarting")), 5);

        assertThat(inEvidence.passed()).isTrue();
        assertThat(nowhere.found()).isEqualTo(1);
        assertThat(nowhere.namedCause()).isZero();
        assertThat(nowhere.passed()).isFalse();
        assertThat(nowhere.outcomes().get(0).problem()).contains("names none of [late_fee_policy, nothing]",
                "the container exits");
    }

    @Test
    void withoutAnExpectedSeverityAFindingMustBeAtLeastMedium() {
        Expectations byDefault = new Expectations("", List.of(expectCrashOnPod()), List.of());
        Expectations low = new Expectations("", List.of(new ExpectedFinding(Category.CrashLoopBackOff, POD, null,
                List.of(), Severity.LOW)), List.of());
        DiagnosisReport lowReport = report(finding(Category.CrashLoopBackOff, Severity.LOW, POD, DEPLOYMENT, "x",
                "y"));

        ScenarioScore notSevereEnough = ScenarioScore.of("s", byDefault, lowReport, 5);

        assertThat(notSevereEnough.found()).isEqualTo(1);
        assertThat(notSevereEnough.passed()).isFalse();
        assertThat(notSevereEnough.outcomes().get(0).problem()).endsWith("is low, expected at least medium");
        assertThat(ScenarioScore.of("s", low, lowReport, 5).passed()).isTrue();
    }

    @Test
    void ofSeveralCandidatesTheOneThatMeetsTheExpectationCounts() {
        Expectations expected = new Expectations("", List.of(expectCrashOnPod("REDIS_URL")), List.of());

        ScenarioScore score = ScenarioScore.of("s", expected, report(
                finding(Category.CrashLoopBackOff, Severity.HIGH, OTHER_POD, null, "exits 1", "Back-off"),
                finding(Category.CrashLoopBackOff, Severity.HIGH, POD, null, "REDIS_URL is empty", "Back-off")), 5);

        assertThat(score.passed()).isTrue();
        assertThat(score.outcomes().get(0).match().object()).isEqualTo(POD);
    }

    @Test
    void mediumFindingsOnHealthyObjectsOrTheirPodsAreFalseAlarmsAndLowOnesAreNot() {
        Expectations expected = new Expectations("", List.of(expectCrashOnPod()), List.of(WEB));
        Finding medium = finding(Category.ProbeFailure, Severity.MEDIUM, new ObjectRef("Pod", "shop", "web-1"), WEB,
                "readiness on 8081", "Readiness probe failed");
        Finding low = finding(Category.PolicyViolation, Severity.LOW, WEB, null, "image tag latest", "spec");

        ScenarioScore score = ScenarioScore.of("s", expected, report(medium, low,
                finding(Category.CrashLoopBackOff, Severity.HIGH, POD, DEPLOYMENT, "x", "y")), 5);

        assertThat(score.falseAlarms()).extracting(ScenarioScore.FalseAlarm::finding).containsExactly(medium);
        assertThat(score.falseAlarms().get(0).healthy()).isEqualTo(WEB);
        assertThat(score.falseAlarms().get(0)).hasToString("medium ProbeFailure on Pod shop/web-1, listed healthy:"
                + " ProbeFailure on web-1");
        assertThat(score.passed()).isFalse();
    }

    @Test
    void inAScenarioExpectedHealthyEveryMediumFindingIsAFalseAlarm() {
        Expectations healthy = new Expectations("all fine", List.of(), List.of(WEB));
        Finding elsewhere = finding(Category.NodeUnhealthy, Severity.HIGH, new ObjectRef("Node", null, "n1"), null,
                "NotReady", "kubelet stopped posting");
        Finding info = finding(Category.PolicyViolation, Severity.INFO, DEPLOYMENT, null, "x", "y");

        ScenarioScore score = ScenarioScore.of("s", healthy, report(elsewhere, info), 5);

        assertThat(healthy.expectsHealthy()).isTrue();
        assertThat(score.falseAlarms()).extracting(ScenarioScore.FalseAlarm::finding).containsExactly(elsewhere);
        assertThat(score.falseAlarms().get(0).toString()).contains("in a scenario expected healthy");
        assertThat(ScenarioScore.of("s", healthy, report(info), 5).passed()).isTrue();
    }
}
