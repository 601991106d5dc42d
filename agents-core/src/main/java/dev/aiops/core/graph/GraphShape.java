package dev.aiops.core.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cycle and depth checks over the agent graph in one pass of Tarjan's algorithm (iterative, so a chain of
 * any length cannot overflow the stack). Strongly connected components come out sinks first, which is the
 * order in which the longest path below each component can be computed, so depth costs no second traversal.
 */
final class GraphShape {

    private final CompositionGraph graph;
    private final int n;
    private final int[] adjStart;
    private final int[] adj;
    private final boolean[] selfLoop;

    private final int[] component;
    private final List<int[]> members = new ArrayList<>();
    private final List<Integer> heightOf = new ArrayList<>();
    private final List<int[]> deepestStep = new ArrayList<>();
    private final List<GraphViolation> violations = new ArrayList<>();

    GraphShape(CompositionGraph graph) {
        this.graph = graph;
        this.n = graph.size();
        this.adjStart = new int[n + 1];
        this.selfLoop = new boolean[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            adjStart[i] = m;
            m += graph.edgesOf(i).size();
        }
        adjStart[n] = m;
        this.adj = new int[m];
        for (int i = 0, k = 0; i < n; i++) {
            for (CompositionGraph.Edge e : graph.edgesOf(i)) {
                int t = graph.index(e.to());
                adj[k++] = t;
                if (t == i) selfLoop[i] = true;
            }
        }
        this.component = new int[n];
        tarjan();
        reportDepth();
    }

    List<GraphViolation> violations() {
        return violations;
    }

    private void tarjan() {
        int[] index = new int[n];
        int[] low = new int[n];
        Arrays.fill(index, -1);
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int sp = 0;
        int[] callStack = new int[n];
        int[] edgePos = new int[n];
        int counter = 0;
        for (int start = 0; start < n; start++) {
            if (index[start] != -1) continue;
            int csp = 0;
            callStack[csp++] = start;
            index[start] = low[start] = counter++;
            edgePos[start] = adjStart[start];
            stack[sp++] = start;
            onStack[start] = true;
            while (csp > 0) {
                int u = callStack[csp - 1];
                if (edgePos[u] < adjStart[u + 1]) {
                    int v = adj[edgePos[u]++];
                    if (index[v] == -1) {
                        index[v] = low[v] = counter++;
                        edgePos[v] = adjStart[v];
                        stack[sp++] = v;
                        onStack[v] = true;
                        callStack[csp++] = v;
                    } else if (onStack[v]) {
                        low[u] = Math.min(low[u], index[v]);
                    }
                    continue;
                }
                csp--;
                if (csp > 0) {
                    int parent = callStack[csp - 1];
                    low[parent] = Math.min(low[parent], low[u]);
                }
                if (low[u] == index[u]) {
                    int c = members.size();
                    int top = sp;
                    do {
                        int w = stack[--sp];
                        onStack[w] = false;
                        component[w] = c;
                    } while (stack[sp] != u);
                    int[] group = Arrays.copyOfRange(stack, sp, top);
                    members.add(group);
                    completeComponent(c, u, group);
                }
            }
        }
    }

    /** Called when component {@code c} is complete: everything it reaches is complete too. */
    private void completeComponent(int c, int root, int[] group) {
        if (group.length > 1 || selfLoop[root]) {
            reportCycle(c, root);
        }
        int height = 0;
        int[] step = null;
        for (int u : group) {
            for (int k = adjStart[u]; k < adjStart[u + 1]; k++) {
                int v = adj[k];
                int cv = component[v];
                if (cv != c && heightOf.get(cv) + 1 > height) {
                    height = heightOf.get(cv) + 1;
                    step = new int[] {u, v};
                }
            }
        }
        heightOf.add(height);
        deepestStep.add(step);
    }

    /** Finds the shortest cycle through {@code root} inside its component by breadth-first search. */
    private void reportCycle(int c, int root) {
        List<String> path = new ArrayList<>();
        if (selfLoop[root]) {
            path.add(graph.name(root));
            path.add(graph.name(root));
        } else {
            int[] group = members.get(c);
            java.util.Map<Integer, Integer> parent = new java.util.HashMap<>(group.length * 2);
            int[] queue = new int[group.length];
            int head = 0;
            int tail = 0;
            queue[tail++] = root;
            parent.put(root, -1);
            int last = -1;
            search:
            while (head < tail) {
                int u = queue[head++];
                for (int k = adjStart[u]; k < adjStart[u + 1]; k++) {
                    int v = adj[k];
                    if (component[v] != c) continue;
                    if (v == root) {
                        last = u;
                        break search;
                    }
                    if (!parent.containsKey(v)) {
                        parent.put(v, u);
                        queue[tail++] = v;
                    }
                }
            }
            List<String> reversed = new ArrayList<>();
            reversed.add(graph.name(root));
            for (int u = last; u != -1; u = Objects.requireNonNull(parent.get(u))) {
                reversed.add(graph.name(u));
            }
            for (int i = reversed.size() - 1; i >= 0; i--) {
                path.add(reversed.get(i));
            }
        }
        violations.add(new GraphViolation(GraphViolation.Rule.CYCLE, graph.name(root), path,
                "cycle: " + String.join(" -> ", path)));
    }

    private void reportDepth() {
        boolean[] hasCaller = new boolean[members.size()];
        for (int u = 0; u < n; u++) {
            for (int k = adjStart[u]; k < adjStart[u + 1]; k++) {
                if (component[adj[k]] != component[u]) hasCaller[component[adj[k]]] = true;
            }
        }
        for (int c = 0; c < members.size(); c++) {
            if (hasCaller[c] || heightOf.get(c) <= CompositionGraph.MAX_DEPTH) continue;
            int root = members.get(c)[0];
            List<String> path = new ArrayList<>();
            path.add(graph.name(root));
            int cur = c;
            while (path.size() < CompositionGraph.MAX_DEPTH + 2 && deepestStep.get(cur) != null) {
                int[] step = deepestStep.get(cur);
                path.add(graph.name(step[1]));
                cur = component[step[1]];
            }
            violations.add(new GraphViolation(GraphViolation.Rule.DEPTH_EXCEEDED, graph.name(root), path,
                    "subagent depth " + heightOf.get(c) + " exceeds " + CompositionGraph.MAX_DEPTH + ": "
                            + String.join(" -> ", path) + (heightOf.get(c) > CompositionGraph.MAX_DEPTH + 1
                            ? " -> ..." : "")));
        }
    }
}
