package dev.aiops.domain.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SLO alerts are the SRE workbook's multi-window, multi-burn-rate alerts, with thresholds computed from the
 * objective and the window.
 */
class SloRulesTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(DeploymentSpec spec, String env, int group) {
        return (List<Map<String, Object>>) SloRules.groups(spec, spec.forEnvironment(env)).get(group).get("rules");
    }

    private static DeploymentSpec withSlos(String slos) {
        return SpecFixtures.parse(SpecReaderTest.minimal().replace("environments: { dev: { namespace: quotes-dev } }",
                slos + "environments: { production: { namespace: quotes } }"));
    }

    @Test
    void burnsTheBudgetAt14_4And6And1TimesOverThirtyDays() {
        DeploymentSpec spec = withSlos("slos: { availability: { objective: 99.9 } }\n");

        List<Map<String, Object>> rules = rules(spec, "production", 0);

        assertThat(rules).extracting(r -> r.get("record")).containsExactly("slo:sli_error:ratio_rate5m",
                "slo:sli_error:ratio_rate30m", "slo:sli_error:ratio_rate1h", "slo:sli_error:ratio_rate6h",
                "slo:sli_error:ratio_rate3d", null, null, null);
        List<Map<String, Object>> alerts = rules.subList(5, 8);
        assertThat(alerts).extracting(r -> r.get("expr")).containsExactly(
                "slo:sli_error:ratio_rate1h{service=\"quotes\",namespace=\"quotes\",slo=\"availability\"} > 0.0144\nand\n"
                        + "slo:sli_error:ratio_rate5m{service=\"quotes\",namespace=\"quotes\",slo=\"availability\"} > 0.0144",
                "slo:sli_error:ratio_rate6h{service=\"quotes\",namespace=\"quotes\",slo=\"availability\"} > 0.006\nand\n"
                        + "slo:sli_error:ratio_rate30m{service=\"quotes\",namespace=\"quotes\",slo=\"availability\"} > 0.006",
                "slo:sli_error:ratio_rate3d{service=\"quotes\",namespace=\"quotes\",slo=\"availability\"} > 0.001\nand\n"
                        + "slo:sli_error:ratio_rate6h{service=\"quotes\",namespace=\"quotes\",slo=\"availability\"} > 0.001");
        assertThat(alerts).extracting(r -> (Object) ((Map<?, ?>) r.get("labels")).get("severity"))
                .containsExactly("page", "page", "ticket");
    }

    @Test
    void keepsTheWorkbooksShareOfTheBudgetForAnotherWindowAndObjective() {
        DeploymentSpec spec = withSlos("slos: { window: 28d, latency: { percentile: 99.5, thresholdMs: 250 } }\n");

        List<Map<String, Object>> rules = rules(spec, "production", 0);

        // 2% of 28 days in 1h is a burn rate of 13.44; 5% in 6h 5.6; 10% in 3d 0.9333...; the budget is 0.5%
        assertThat(rules.get(5).get("expr").toString()).endsWith("> 0.0672");
        assertThat(rules.get(6).get("expr").toString()).endsWith("> 0.028");
        assertThat(rules.get(7).get("expr").toString()).endsWith("> 0.004667");
        assertThat(rules.get(0).get("expr").toString()).contains("le=\"0.25\"", "http_request_duration_seconds_count");
    }

    @Test
    void usesTheQueriesGivenForGoodAndTotalEvents() {
        DeploymentSpec spec = withSlos("""
                slos:
                  availability:
                    objective: 99
                    goodEvents: sum(rate(grpc_server_handled_total{grpc_code="OK"}[{{window}}]))
                    totalEvents: sum(rate(grpc_server_handled_total[{{window}}]))
                """);

        assertThat(rules(spec, "production", 0).get(2).get("expr")).isEqualTo("""
                1 - (
                  sum(rate(grpc_server_handled_total{grpc_code="OK"}[1h]))
                /
                  sum(rate(grpc_server_handled_total[1h]))
                )""");
    }

    @Test
    void nothingPagesOutsideProduction() {
        DeploymentSpec spec = SpecFixtures.example("web-service.yaml");

        for (String env : List.of("dev", "staging")) {
            for (Map<String, Object> group : SloRules.groups(spec, spec.forEnvironment(env))) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> rules = (List<Map<String, Object>>) group.get("rules");
                assertThat(rules).filteredOn(r -> r.containsKey("alert"))
                        .allMatch(r -> ((Map<?, ?>) r.get("labels")).get("severity").equals("ticket"));
            }
        }
    }

    @Test
    void rollbackTriggersAreAlertsThatSayRollBack() {
        DeploymentSpec spec = SpecFixtures.example("web-service.yaml");

        List<Map<String, Object>> rules = rules(spec, "production", 2);

        assertThat(rules).extracting(r -> r.get("alert")).containsExactly("OrdersApiRollbackErrorRate",
                "OrdersApiRollbackLatency");
        assertThat(rules).allMatch(r -> ((Map<?, ?>) r.get("labels")).get("action").equals("rollback"));
        assertThat(rules.get(0).get("expr").toString()).contains("[10m]").endsWith(") > 2");
        assertThat(rules.get(1).get("expr").toString()).startsWith("1000 * histogram_quantile(0.99,").endsWith("> 800");
    }
}
