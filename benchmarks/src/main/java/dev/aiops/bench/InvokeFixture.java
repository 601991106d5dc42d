package dev.aiops.bench;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.contract.Tier;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One skill with realistic ~1 KB input and output documents and schemas, and runtimes that serve it.
 */
final class InvokeFixture {

    static final String SKILL = "diagnostics.pods.inspect";
    static final String AGENT = "pod-diagnostics";

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final String INPUT_SCHEMA = """
            {
              "type": "object",
              "required": ["namespace", "service", "cluster", "window", "severity", "limit", "labels", "signals"],
              "additionalProperties": false,
              "properties": {
                "namespace": {"type": "string", "minLength": 1, "maxLength": 63},
                "service":   {"type": "string", "minLength": 1, "maxLength": 253},
                "cluster":   {"type": "string", "minLength": 1},
                "window":    {"type": "string", "pattern": "^PT[0-9]+[MHS]$"},
                "severity":  {"type": "string", "enum": ["info", "warning", "critical"]},
                "limit":     {"type": "integer", "minimum": 1, "maximum": 500},
                "threshold": {"type": "number", "minimum": 0, "maximum": 1},
                "labels":    {"type": "array", "maxItems": 32, "items": {"type": "string"}},
                "signals": {
                  "type": "array",
                  "maxItems": 32,
                  "items": {
                    "type": "object",
                    "required": ["metric", "value"],
                    "properties": {
                      "metric": {"type": "string"},
                      "value":  {"type": "number"},
                      "unit":   {"type": "string"}
                    }
                  }
                },
                "query": {"type": "string"},
                "notes": {"type": "string"}
              }
            }""";

    static final String OUTPUT_SCHEMA = """
            {
              "type": "object",
              "required": ["status", "summary", "count", "pods"],
              "properties": {
                "status":  {"type": "string", "enum": ["healthy", "degraded", "down"]},
                "summary": {"type": "string"},
                "count":   {"type": "integer", "minimum": 0},
                "pods": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "required": ["name", "phase", "restarts"],
                    "properties": {
                      "name":     {"type": "string"},
                      "phase":    {"type": "string", "enum": ["Pending", "Running", "Succeeded", "Failed", "Unknown"]},
                      "restarts": {"type": "integer", "minimum": 0},
                      "node":     {"type": "string"},
                      "cpu":      {"type": "number"}
                    }
                  }
                },
                "recommendations": {"type": "array", "items": {"type": "string"}}
              }
            }""";

    static final String INPUT = """
            {
              "namespace": "payments-prod",
              "service": "checkout-api",
              "cluster": "eu-west-1-prod-a",
              "window": "PT15M",
              "severity": "critical",
              "limit": 50,
              "threshold": 0.95,
              "labels": ["app=checkout-api", "tier=backend", "team=payments", "env=prod", "region=eu-west-1",
                         "version=2024.06.1", "canary=false", "owner=sre-payments"],
              "signals": [
                {"metric": "http_server_requests_seconds_p99", "value": 1.84, "unit": "s"},
                {"metric": "http_server_requests_errors_ratio", "value": 0.071, "unit": "1"},
                {"metric": "container_cpu_usage_seconds_total", "value": 3.92, "unit": "cores"},
                {"metric": "container_memory_working_set_bytes", "value": 1872334848, "unit": "By"},
                {"metric": "kube_pod_container_status_restarts_total", "value": 7, "unit": "1"},
                {"metric": "jvm_gc_pause_seconds_max", "value": 0.412, "unit": "s"}
              ],
              "query": "sum by (pod) (rate(http_server_requests_seconds_count{namespace=\\"payments-prod\\",status=~\\"5..\\"}[5m]))",
              "notes": "Alert CheckoutHighErrorRate fired at 09:41 UTC after deploy 2024.06.1; on-call asked for pod diagnostics."
            }""";

    static final String OUTPUT = """
            {
              "status": "degraded",
              "summary": "3 of 6 checkout-api pods restarted in the last 15 minutes (OOMKilled); p99 latency 1.84 s, error ratio 7.1%.",
              "count": 6,
              "pods": [
                {"name": "checkout-api-7f9c8d6b5-2xkqp", "phase": "Running", "restarts": 3, "node": "ip-10-0-1-23", "cpu": 0.91},
                {"name": "checkout-api-7f9c8d6b5-8vwzt", "phase": "Running", "restarts": 2, "node": "ip-10-0-2-47", "cpu": 0.88},
                {"name": "checkout-api-7f9c8d6b5-c4m9r", "phase": "Running", "restarts": 2, "node": "ip-10-0-3-12", "cpu": 0.79},
                {"name": "checkout-api-7f9c8d6b5-hj2ls", "phase": "Running", "restarts": 0, "node": "ip-10-0-1-56", "cpu": 0.42},
                {"name": "checkout-api-7f9c8d6b5-q8d7n", "phase": "Running", "restarts": 0, "node": "ip-10-0-2-19", "cpu": 0.39},
                {"name": "checkout-api-7f9c8d6b5-zt5fx", "phase": "Pending", "restarts": 0, "node": "ip-10-0-3-88", "cpu": 0.0}
              ],
              "recommendations": ["Raise the memory limit from 1536Mi to 2Gi", "Roll back deploy 2024.06.1", "Check heap settings (-Xmx) against the container limit"]
            }""";

    static final String TRIVIAL_SCHEMA = "{\"type\": \"object\"}";

    private InvokeFixture() {
    }

    static JsonNode input() {
        return JSON.readTree(INPUT);
    }

    static JsonNode output() {
        return JSON.readTree(OUTPUT);
    }

    static int size(JsonNode node) {
        return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The contract of the benchmarked skill, with the ~1 KB schemas or with {@code {"type":"object"}} only. */
    static SkillContract contract(boolean fullSchemas) {
        return SkillContract.builder(SKILL)
                .input(fullSchemas ? INPUT_SCHEMA : TRIVIAL_SCHEMA)
                .output(fullSchemas ? OUTPUT_SCHEMA : TRIVIAL_SCHEMA)
                .build();
    }

    /** A runtime whose only skill answers with {@code output}, traced by {@code otel}. */
    static AgentRuntime runtime(OpenTelemetry otel, boolean fullSchemas, ExecutorService executor, JsonNode output) {
        AgentDescriptor agent = AgentDescriptor.builder(AGENT).tier(Tier.DOMAIN).skill(contract(fullSchemas)).build();
        CompositionGraph graph = CompositionGraph.of(List.of(agent), Set.of());
        AgentRuntime.Builder b = AgentRuntime.builder(graph).openTelemetry(otel).bind(SKILL, call -> output);
        if (executor != null) b.executor(executor);
        return b.build();
    }

    /** Fails loudly when a call did not succeed with the expected output, so a broken setup is not timed. */
    static InvocationResult expectSuccess(AgentRuntime runtime, JsonNode input, JsonNode output) {
        InvocationResult r = runtime.invoke(SKILL, input, InvocationContext.create());
        if (!r.isSuccess() || !output.equals(r.output())) {
            throw new IllegalStateException("benchmark invocation failed: " + r);
        }
        return r;
    }
}
