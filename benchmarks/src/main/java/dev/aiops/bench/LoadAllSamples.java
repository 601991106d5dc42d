package dev.aiops.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load-everything way to right-size, as the baseline: one {@code query_range} per metric over the whole window,
 * the response read whole into a String and parsed into a Jackson tree, every sample of every series kept in arrays,
 * then exact percentiles by sorting: CPU at p90 plus 15%, memory at the largest daily peak plus 15%. The queries are
 * the advisor's, so both read the same samples.
 */
final class LoadAllSamples {

    static final String CPU = "sum by (namespace,pod,container) (rate(container_cpu_usage_seconds_total"
            + "{container!=\"\",container!=\"POD\"}[750s]))";
    static final String MEMORY = "max by (namespace,pod,container) (max_over_time(container_memory_working_set_bytes"
            + "{container!=\"\",container!=\"POD\"}[300s]))";
    private static final Pattern DEPLOYMENT_POD = Pattern.compile("(.+)-[a-z0-9]{1,10}-[a-z0-9]{5}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** All samples of one series. */
    record Series(String namespace, String pod, String container, long[] times, double[] values) {
    }

    /** One container's recommendation. */
    record Recommendation(String namespace, String workload, String container, double cpuCores, double memoryBytes) {
    }

    /** The recommendations and what was read for them. */
    record Result(List<Recommendation> recommendations, long samples, long bytes) {
    }

    private final HttpClient http;
    private final URI base;
    private long bytes;
    private long samples;

    LoadAllSamples(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    /** A client as the baseline uses one: HTTP/1.1, plain. */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Recommendations for every container of the Deployments in {@code deployments} ({@code namespace/name}). */
    Result recommend(Set<String> deployments, Instant start, Instant end, Duration step)
            throws IOException, InterruptedException {
        bytes = 0;
        samples = 0;
        Map<String, Series> cpu = byContainer(range(CPU, start, end, step));
        Map<String, Series> memory = byContainer(range(MEMORY, start, end, step));
        List<Recommendation> out = new ArrayList<>();
        for (Map.Entry<String, Series> e : cpu.entrySet()) {
            Series c = e.getValue();
            Series m = memory.get(e.getKey());
            Matcher pod = DEPLOYMENT_POD.matcher(c.pod());
            if (m == null || !pod.matches() || !deployments.contains(c.namespace() + "/" + pod.group(1))) continue;
            out.add(new Recommendation(c.namespace(), pod.group(1), c.container(), percentile(c.values(), 0.9) * 1.15,
                    maxDailyPeak(m, start) * 1.15));
        }
        return new Result(out, samples, bytes);
    }

    private static Map<String, Series> byContainer(List<Series> series) {
        Map<String, Series> out = new HashMap<>();
        for (Series s : series) out.put(s.namespace() + "/" + s.pod() + "/" + s.container(), s);
        return out;
    }

    /** One range query over the whole window: the response whole, as a String, then as a tree. */
    private List<Series> range(String query, Instant start, Instant end, Duration step)
            throws IOException, InterruptedException {
        URI uri = URI.create(base + "/api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&start=" + start.getEpochSecond() + "&end=" + end.getEpochSecond() + "&step=" + step.toSeconds());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("query_range answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
        bytes += response.body().length();
        JsonNode root = JSON.readTree(response.body());
        if (!"success".equals(root.path("status").asString(""))) throw new IOException("query failed: " + root);
        List<Series> out = new ArrayList<>();
        for (JsonNode s : root.path("data").path("result")) {
            JsonNode metric = s.path("metric");
            JsonNode values = s.path("values");
            long[] times = new long[values.size()];
            double[] v = new double[values.size()];
            for (int i = 0; i < times.length; i++) {
                JsonNode point = values.get(i);
                times[i] = (long) (point.get(0).asDouble() * 1000);
                v[i] = Double.parseDouble(point.get(1).asString());
            }
            samples += times.length;
            out.add(new Series(metric.path("namespace").asString(), metric.path("pod").asString(),
                    metric.path("container").asString(), times, v));
        }
        return out;
    }

    /** The exact percentile, interpolated between the two nearest ranks (numpy's default), NaN left out. */
    static double percentile(double[] values, double p) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        if (sorted.length == 0) return Double.NaN;
        Arrays.sort(sorted);
        double rank = p * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    /** The largest of the daily peaks (days counted from {@code start}). */
    static double maxDailyPeak(Series s, Instant start) {
        Map<Long, Double> peaks = new HashMap<>();
        long from = start.toEpochMilli();
        for (int i = 0; i < s.times().length; i++) {
            if (Double.isNaN(s.values()[i])) continue;
            peaks.merge(Math.floorDiv(s.times()[i] - from, 86_400_000L), s.values()[i], Math::max);
        }
        return peaks.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
