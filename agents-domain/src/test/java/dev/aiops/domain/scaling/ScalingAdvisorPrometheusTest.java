package dev.aiops.domain.scaling;

import static dev.aiops.domain.scaling.UsageScenarios.END;
import static dev.aiops.domain.scaling.UsageScenarios.GI;
import static dev.aiops.domain.scaling.UsageScenarios.MI;
import static dev.aiops.domain.scaling.UsageScenarios.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.core.contract.JsonSchema;
import dev.aiops.domain.diagnosis.Quantities;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.metrics.MetricsException;
import dev.aiops.infra.metrics.PrometheusClient;
import dev.aiops.infra.metrics.PrometheusSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The advisor against a real Prometheus serving generated scenarios (see {@link UsageScenarios}). */
class ScalingAdvisorPrometheusTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Clock CLOCK = Clock.fixed(END.plusSeconds(60), ZoneOffset.UTC);

    private static PrometheusClient client;
    private static ScalingReport shop;

    @BeforeAll
    static void advise() throws Exception {
        client = ScenarioPrometheus.client();
        shop = advise(AdvisorSettings.DEFAULT, "shop", WINDOW, ScalingClusters.scenarios());
    }

    private static ScalingReport advise(AdvisorSettings settings, String ns, Duration window, ClusterSnapshot cluster)
            throws MetricsException {
        return new ScalingAdvisor(client, settings, CLOCK).advise(new ScalingScope(Set.of(ns), null, window, END,
                cluster, null));
    }

    private static ContainerAdvice container(ScalingReport r, String workload) {
        return r.containers().stream().filter(c -> c.workload().name().equals(workload)).findFirst()
                .orElseThrow(() -> new AssertionError(workload + " not in " + r.containers()));
    }

    private static ReplicaAdvice replicas(ScalingReport r, String workload) {
        return r.replicas().stream().filter(c -> c.workload().name().equals(workload)).findFirst()
                .orElseThrow(() -> new AssertionError(workload + " has no replica advice: " + r.replicas()));
    }

    @Test
    void steadyUsageGetsItsPercentilePlusMarginWithFullConfidenceAndASaving() {
        ContainerAdvice a = container(shop, "steady");

        assertThat(a.status()).isEqualTo(ContainerAdvice.Status.OK);
        // 0.2 to 0.21 cores, p90 plus 15%, at most one 5% bucket and 5m of rounding above
        assertThat(a.recommended().cpuRequest()).isBetween(0.2 * 1.15, 0.21 * 1.15 * 1.05 + 0.005);
        assertThat(a.recommended().memoryRequest()).isBetween(300 * MI * 1.15, 300 * MI * 1.15 * 1.05 + 4 * MI);
        assertThat(a.recommended().memoryLimit()).isEqualTo(a.recommended().memoryRequest());
        assertThat(a.recommended().cpuLimit()).isNaN();
        assertThat(a.confidence()).isEqualTo(1.0);
        // 2 replicas from 1 core and 1Gi down to about 240m and 352Mi
        assertThat(a.monthlyCostDelta()).isNegative().isGreaterThan(-2 * PriceModel.DEFAULT.monthly(1, GI, null));
        JsonNode why = a.reasoning();
        assertThat(why.path("window").path("step").asString()).isEqualTo("5m");
        assertThat(why.path("window").path("sampleInterval").asString()).isEqualTo("5m");
        assertThat(why.path("window").path("rateWindow").asString()).isEqualTo("12m30s");
        assertThat(why.path("history").path("pods").asInt()).isEqualTo(2);
        assertThat(why.path("samples").path("cpu").asLong()).isGreaterThan(2 * 4000);
        assertThat(why.path("coverage").asDouble()).isGreaterThan(0.99);
        assertThat(why.path("cpu").path("formula").asString()).contains("p90", "1 + 0.15");
        assertThat(why.path("cost").path("replicas").asInt()).isEqualTo(2);
    }

    @Test
    void diurnalUsageIsSizedForTheDailyPeakNotTheAverage() {
        ContainerAdvice a = container(shop, "diurnal");

        assertThat(a.recommended().cpuRequest()).isBetween(0.45, 0.65);
        assertThat(a.recommended().memoryRequest()).isGreaterThanOrEqualTo(400 * MI * 1.15 * 0.98);
        assertThat(a.reasoning().path("memory").path("peaks").asLong()).isBetween(14L, 16L);
    }

    @Test
    void rareSpikesDoNotSetTheCpuRequestButShowInTheReasoning() {
        ContainerAdvice a = container(shop, "spiky");

        assertThat(a.recommended().cpuRequest()).isLessThan(0.15);
        assertThat(Quantities.parse(a.reasoning().path("cpu").path("max").asString())).isGreaterThan(0.9);
    }

    @Test
    void oomKilledContainerGetsMoreThanTheMemoryItWasKilledAt() {
        ContainerAdvice a = container(shop, "oom");

        assertThat(a.recommended().memoryRequest()).isGreaterThanOrEqualTo(256 * MI * 1.2);
        JsonNode oom = a.reasoning().path("oom");
        assertThat(oom.path("kills").asInt()).isBetween(50, 56);
        assertThat(oom.path("memoryAtKill").asString()).isEqualTo("256Mi");
        assertThat(a.reasoning().path("memory").path("formula").asString()).startsWith("OOM bump");
    }

    @Test
    void idleContainerIsRaisedToTheFloors() {
        ContainerAdvice a = container(shop, "idle");

        assertThat(a.recommended().cpuRequest()).isEqualTo(0.010);
        assertThat(a.recommended().memoryRequest()).isEqualTo(64 * MI);
        assertThat(a.reasoning().path("cpu").path("floor").asString()).isEqualTo("10m");
        assertThat(a.reasoning().path("memory").path("floor").asString()).isEqualTo("64Mi");
    }

    @Test
    void aWorkloadAFewHoursOldGetsNoRecommendation() {
        ContainerAdvice a = container(shop, "fresh");

        assertThat(a.status()).isEqualTo(ContainerAdvice.Status.INSUFFICIENT_DATA);
        assertThat(a.recommended()).isNull();
        assertThat(a.reason()).contains("of history", "1d needed");
    }

    @Test
    void aSeriesWithSamplesOnlyOneDayInThreeGetsNoRecommendationAndNamesItsLongestGap() {
        ContainerAdvice a = container(shop, "sparse");

        assertThat(a.status()).isEqualTo(ContainerAdvice.Status.INSUFFICIENT_DATA);
        assertThat(a.reason()).contains("% of the 5m steps", "60% needed", "longest gap 1d23h55m");
    }

    @Test
    void aOneDayHoleIsReportedAsAGapAndTheRestIsUsed() {
        ContainerAdvice a = container(shop, "holes");

        assertThat(a.status()).isEqualTo(ContainerAdvice.Status.OK);
        JsonNode gap = a.reasoning().path("gaps").path(0);
        assertThat(gap.path("length").asString()).matches("1d|23h5\\dm|1d[0-9]+m");
        assertThat(a.reasoning().path("missingSteps").asInt()).isBetween(280, 295);
    }

    @Test
    void nanAndInfiniteSamplesAreCountedAndLeftOut() {
        ContainerAdvice a = container(shop, "nans");

        assertThat(a.status()).isEqualTo(ContainerAdvice.Status.OK);
        assertThat(a.reasoning().path("samples").path("invalid").asLong()).isGreaterThan(700);
        assertThat(a.recommended().memoryRequest()).isBetween(200 * MI * 1.15, 200 * MI * 1.15 * 1.05 + 4 * MI);
    }

    @Test
    void aSeriesThatIsAllNaNGetsNoRecommendation() {
        ContainerAdvice a = container(shop, "allnan");

        assertThat(a.status()).isEqualTo(ContainerAdvice.Status.INSUFFICIENT_DATA);
        assertThat(a.reason()).contains("NaN");
    }

    @Test
    void anOverloadedWorkloadIsScaledWithinItsHpaBounds() {
        ReplicaAdvice r = replicas(shop, "busy");

        // 3 pods at 0.6 cores against 250m requests at 70%: ceil(1.8 / 0.175) = 11, the HPA allows 10
        assertThat(r.current()).isEqualTo(3);
        assertThat(r.recommended()).isEqualTo(10);
        assertThat(r.reasoning().path("formula").asString()).endsWith("= 11");
        assertThat(r.reasoning().path("hpa").path("maxReplicas").asInt()).isEqualTo(10);
    }

    @Test
    void aRunawaySeriesCannotAskForARunawayReplicaCount() {
        ReplicaAdvice r = replicas(shop, "runaway");

        assertThat(r.current()).isEqualTo(2);
        assertThat(r.recommended()).isEqualTo(8);
        assertThat(r.reasoning().path("growthCap").asString()).startsWith("8");
    }

    @Test
    void aWorkloadWithRedundancyKeepsTwoReplicas() {
        // 0.4 cores over two pods of 1 core would fit one pod; two stay for redundancy
        ReplicaAdvice r = replicas(shop, "steady");
        assertThat(r.recommended()).isEqualTo(2);
        assertThat(r.reasoning().path("formula").asString()).endsWith("= 1");
        assertThat(r.reasoning().path("availabilityFloor").asInt()).isEqualTo(2);
    }

    @Test
    void thePauseContainerIsNeverAdvisedOn() {
        assertThat(shop.containers()).extracting(ContainerAdvice::container).doesNotContain("POD", "");
    }

    @Test
    void counterResetsOfRawScrapesAreHandledAsPrometheusDoes() throws Exception {
        ScalingReport raw = advise(AdvisorSettings.DEFAULT, "raw", Duration.ofDays(2), ScalingClusters.scenarios());
        ContainerAdvice a = container(raw, "resets");

        assertThat(a.reasoning().path("window").path("sampleInterval").asString()).isEqualTo("30s");
        assertThat(a.reasoning().path("window").path("rateWindow").asString()).isEqualTo("1m15s");
        assertThat(a.recommended().cpuRequest()).isBetween(0.3 * 1.15, 0.3 * 1.15 * 1.05 + 0.005);
        assertThat(Quantities.parse(a.reasoning().path("cpu").path("max").asString())).isLessThan(0.35);
    }

    @Test
    void relabeledMetricsAreReadWithConfiguredNamesAndMissingOnesAreNamed() throws Exception {
        ScalingReport named = advise(AdvisorSettings.DEFAULT.withNames(UsageScenarios.RELABELED), "relabeled", WINDOW,
                ScalingClusters.scenarios());
        ScalingReport unnamed = advise(AdvisorSettings.DEFAULT, "relabeled", WINDOW, ScalingClusters.scenarios());

        assertThat(container(named, "custom").status()).isEqualTo(ContainerAdvice.Status.OK);
        assertThat(container(named, "custom").recommended().cpuRequest()).isBetween(0.23, 0.26);
        assertThat(container(unnamed, "custom").status()).isEqualTo(ContainerAdvice.Status.INSUFFICIENT_DATA);
        assertThat(container(unnamed, "custom").reason()).contains("container_cpu_usage_seconds_total");
    }

    @Test
    void workloadsWithoutAnySamplesSaySo() throws Exception {
        ScalingReport empty = advise(AdvisorSettings.DEFAULT, "empty", WINDOW, ScalingClusters.scenarios());

        assertThat(empty.containers()).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(ContainerAdvice.Status.INSUFFICIENT_DATA);
            assertThat(a.reason()).contains("no samples");
        });
        assertThat(empty.warnings()).anySatisfy(w -> assertThat(w).contains("sample interval assumed"));
    }

    @Test
    void withPrometheusAloneWorkloadsAndRequestsComeFromKubeStateMetrics() throws Exception {
        ScalingReport alone = advise(AdvisorSettings.DEFAULT, "shop", WINDOW, null);

        ContainerAdvice steady = container(alone, "steady");
        assertThat(steady.workload()).isEqualTo(new Workload("Deployment", "shop", "steady"));
        assertThat(steady.current().cpuRequest()).isEqualTo(1.0);
        assertThat(steady.current().memoryLimit()).isEqualTo(GI);
        assertThat(steady.recommended()).isEqualTo(container(shop, "steady").recommended());
        assertThat(replicas(alone, "steady").current()).isEqualTo(2);
        assertThat(container(alone, "oom").reasoning().path("oom").path("kills").asInt()).isGreaterThan(50);
    }

    @Test
    void unreachablePrometheusGivesEveryContainerTheReasonAndNoRecommendation() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrometheusClient down = new PrometheusClient(PrometheusSettings.of(URI.create("http://127.0.0.1:" + port))
                .withRetries(1, Duration.ofMillis(10)));
        ScalingScope scope = new ScalingScope(Set.of("shop"), null, WINDOW, END, ScalingClusters.scenarios(), null);

        ScalingReport r = new ScalingAdvisor(down, AdvisorSettings.DEFAULT, CLOCK).advise(scope);

        assertThat(r.containers()).isNotEmpty().allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(ContainerAdvice.Status.ERROR);
            assertThat(a.recommended()).isNull();
            assertThat(a.reason()).contains("127.0.0.1:" + port);
        });
        assertThat(r.replicas()).isEmpty();
        assertThatThrownBy(() -> new ScalingAdvisor(down, AdvisorSettings.DEFAULT, CLOCK)
                .advise(new ScalingScope(Set.of("shop"), null, WINDOW, END, null, null)))
                .isInstanceOf(MetricsException.class)
                .satisfies(e -> assertThat(((MetricsException) e).kind()).isEqualTo(MetricsException.Kind.UNREACHABLE));
    }

    @Test
    void aQueryThatTimesOutGivesTheTimeoutAsTheReason() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            PrometheusClient slow = new PrometheusClient(PrometheusSettings.of(
                    URI.create("http://127.0.0.1:" + silent.getLocalPort())).withTimeout(Duration.ofMillis(300))
                    .withRetries(1, Duration.ofMillis(10)));
            ScalingScope scope = new ScalingScope(Set.of("shop"), null, WINDOW, END, ScalingClusters.scenarios(), null);

            ScalingReport r = new ScalingAdvisor(slow, AdvisorSettings.DEFAULT, CLOCK).advise(scope);

            assertThat(r.containers()).isNotEmpty().allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(ContainerAdvice.Status.ERROR);
                assertThat(a.reasoning().path("failure").asString()).isEqualTo("TIMEOUT");
            });
        }
    }

    @Test
    void theReportFollowsTheScalingRecommendationsContract() throws IOException {
        JsonSchema schema = ScalingClusters.contract();

        JsonNode json = ScalingReportJson.of(shop);

        assertThat(schema.validate(json)).isEmpty();
        assertThat(json.path("source").path("url").asString()).isEqualTo(ScenarioPrometheus.server().url().toString());
        assertThat(json.path("containers")).hasSize(shop.containers().size());
        assertThat(ScalingReportText.text(shop)).contains("Deployment shop/steady", "confidence 1.00");
        assertThat(ScalingReportText.markdown(shop)).contains("| Deployment shop/oom | app | ok |");
    }
}
