package dev.aiops.infra.exec;

import dev.aiops.infra.k8s.LogRedactor;
import dev.aiops.infra.k8s.SensitiveValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Unified diffs of Kubernetes objects as YAML, without the fields the server maintains and with Secret values masked. */
final class ObjectDiff {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final int CONTEXT = 3;
    private static final int MAX_LINES = 4_000;

    private ObjectDiff() {
    }

    /** The object without status and server-maintained metadata, Secret values masked: what a person reviews. */
    static ObjectNode reviewable(ObjectNode o) {
        if (o == null) {
            return null;
        }
        ObjectNode c = o.deepCopy();
        SensitiveValues.mask(c);
        c.remove("status");
        if (c.get("metadata") instanceof ObjectNode m) {
            for (String f : List.of("resourceVersion", "uid", "creationTimestamp", "generation", "managedFields",
                    "selfLink")) {
                m.remove(f);
            }
            if (m.get("annotations") instanceof ObjectNode a) {
                a.remove("kubectl.kubernetes.io/last-applied-configuration");
                if (a.isEmpty()) {
                    m.remove("annotations");
                }
            }
        }
        if ("Secret".equals(c.path("kind").asString(""))) {
            for (String field : List.of("data", "stringData")) {
                if (c.get(field) instanceof ObjectNode d) {
                    for (Map.Entry<String, JsonNode> e : new ArrayList<>(d.properties())) {
                        d.put(e.getKey(), LogRedactor.MASK);
                    }
                }
            }
        }
        return c;
    }

    static String yaml(JsonNode o) {
        if (o == null) {
            return "";
        }
        String y = YAML.writeValueAsString(o);
        return y.startsWith("---\n") ? y.substring(4) : y;
    }

    static String unified(String title, ObjectNode before, ObjectNode after) {
        List<String> a = lines(yaml(reviewable(before)));
        List<String> b = lines(yaml(reviewable(after)));
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(before == null ? "/dev/null" : title + " (live)").append('\n');
        out.append("+++ ").append(after == null ? "/dev/null" : title + " (after)").append('\n');
        List<String> ops = a.size() > MAX_LINES || b.size() > MAX_LINES ? replaceAll(a, b) : lcs(a, b);
        appendHunks(out, ops);
        return out.toString();
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String l : text.split("\n", -1)) {
            out.add(l);
        }
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static List<String> replaceAll(List<String> a, List<String> b) {
        List<String> ops = new ArrayList<>();
        a.forEach(l -> ops.add("-" + l));
        b.forEach(l -> ops.add("+" + l));
        return ops;
    }

    /** Edit script from a longest common subsequence: each line prefixed with ' ', '-' or '+'. */
    private static List<String> lcs(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] len = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                len[i][j] = a.get(i).equals(b.get(j)) ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        List<String> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a.get(i).equals(b.get(j))) {
                ops.add(" " + a.get(i++));
                j++;
            } else if (len[i + 1][j] >= len[i][j + 1]) {
                ops.add("-" + a.get(i++));
            } else {
                ops.add("+" + b.get(j++));
            }
        }
        while (i < n) {
            ops.add("-" + a.get(i++));
        }
        while (j < m) {
            ops.add("+" + b.get(j++));
        }
        return ops;
    }

    /** Changed lines with up to three lines of context around them; unchanged stretches become "@@". */
    private static void appendHunks(StringBuilder out, List<String> ops) {
        boolean[] keep = new boolean[ops.size()];
        boolean any = false;
        for (int k = 0; k < ops.size(); k++) {
            if (ops.get(k).charAt(0) != ' ') {
                any = true;
                for (int c = Math.max(0, k - CONTEXT); c <= Math.min(ops.size() - 1, k + CONTEXT); c++) {
                    keep[c] = true;
                }
            }
        }
        if (!any) {
            out.append("(no change)\n");
            return;
        }
        boolean gap = true;
        for (int k = 0; k < ops.size(); k++) {
            if (keep[k]) {
                if (gap) {
                    out.append("@@\n");
                }
                out.append(ops.get(k)).append('\n');
                gap = false;
            } else {
                gap = true;
            }
        }
    }
}
