package dev.aiops.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.Tier;
import dev.aiops.core.graph.GraphViolation.Rule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property tests over random graphs from a seeded generator: the linear-time checks must agree with a
 * brute-force oracle on cycles, depth and tiers. A failure names the seed that reproduces it.
 */
class CompositionGraphPropertiesTest {

    private static final int GRAPHS = 1500;
    private static final Tier[] TIERS = Tier.values();

    /** A random directed graph on {@code n} nodes, with tiers. */
    private record RandomGraph(int n, boolean[][] edge, Tier[] tier) {
        static RandomGraph generate(long seed) {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(9);
            double density = r.nextDouble() * 0.35;
            boolean acyclicOnly = r.nextBoolean();
            boolean[][] edge = new boolean[n][n];
            Tier[] tier = new Tier[n];
            for (int i = 0; i < n; i++) {
                tier[i] = TIERS[r.nextInt(TIERS.length)];
                for (int j = 0; j < n; j++) {
                    // half of the graphs only point "forward", so deep DAGs are common
                    edge[i][j] = (!acyclicOnly || j > i) && r.nextDouble() < density;
                }
            }
            return new RandomGraph(n, edge, tier);
        }

        List<AgentDescriptor> descriptors() {
            List<AgentDescriptor> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<String> calls = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    if (edge[i][j]) calls.add(name(j));
                }
                out.add(Agents.agent(name(i), tier[i], calls.toArray(String[]::new)));
            }
            return out;
        }

        static String name(int i) {
            return "n" + i;
        }

        boolean reaches(int from, int to) {
            boolean[] seen = new boolean[n];
            List<Integer> stack = new ArrayList<>(List.of(from));
            while (!stack.isEmpty()) {
                int u = stack.remove(stack.size() - 1);
                for (int v = 0; v < n; v++) {
                    if (edge[u][v]) {
                        if (v == to) return true;
                        if (!seen[v]) {
                            seen[v] = true;
                            stack.add(v);
                        }
                    }
                }
            }
            return false;
        }

        /** Number of strongly connected components that contain a cycle. */
        int cyclicComponents() {
            int[] comp = new int[n];
            java.util.Arrays.fill(comp, -1);
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (comp[i] != -1 || !reaches(i, i)) continue;
                for (int j = 0; j < n; j++) {
                    if (j == i || (reaches(i, j) && reaches(j, i))) comp[j] = count;
                }
                count++;
            }
            return count;
        }

        /** Longest path in edges from {@code u}, by enumerating every path (the graph must be acyclic). */
        int longestFrom(int u) {
            int best = 0;
            for (int v = 0; v < n; v++) {
                if (edge[u][v]) best = Math.max(best, 1 + longestFrom(v));
            }
            return best;
        }

        boolean hasCaller(int v) {
            for (int u = 0; u < n; u++) {
                if (u != v && edge[u][v]) return true;
            }
            return false;
        }
    }

    @Test
    void cycleReportsAgreeWithBruteForce() {
        for (long seed = 1; seed <= GRAPHS; seed++) {
            RandomGraph rg = RandomGraph.generate(seed);
            CompositionGraph g = CompositionGraph.of(rg.descriptors(), Set.of());
            List<GraphViolation> cycles = g.violations().stream().filter(v -> v.rule() == Rule.CYCLE).toList();

            assertThat(cycles).as("seed %d", seed).hasSize(rg.cyclicComponents());
            for (GraphViolation c : cycles) {
                List<String> p = c.path();
                assertThat(p.get(0)).as("seed %d: cycle closes", seed).isEqualTo(p.get(p.size() - 1));
                for (int k = 0; k + 1 < p.size(); k++) {
                    int from = Integer.parseInt(p.get(k).substring(1));
                    int to = Integer.parseInt(p.get(k + 1).substring(1));
                    assertThat(rg.edge()[from][to]).as("seed %d: %s is a real edge", seed, p).isTrue();
                }
            }
        }
    }

    @Test
    void depthReportsAgreeWithBruteForceOnAcyclicGraphs() {
        int checked = 0;
        for (long seed = 1; seed <= GRAPHS; seed++) {
            RandomGraph rg = RandomGraph.generate(seed);
            if (rg.cyclicComponents() > 0) continue;
            checked++;
            CompositionGraph g = CompositionGraph.of(rg.descriptors(), Set.of());

            Set<String> expected = new HashSet<>();
            for (int i = 0; i < rg.n(); i++) {
                if (!rg.hasCaller(i) && rg.longestFrom(i) > CompositionGraph.MAX_DEPTH) {
                    expected.add(RandomGraph.name(i));
                }
            }
            List<GraphViolation> deep = g.violations().stream()
                    .filter(v -> v.rule() == Rule.DEPTH_EXCEEDED).toList();
            assertThat(deep).as("seed %d", seed).extracting(GraphViolation::agent)
                    .containsExactlyInAnyOrderElementsOf(expected);
            for (GraphViolation v : deep) {
                assertThat(v.path()).as("seed %d", seed).hasSize(CompositionGraph.MAX_DEPTH + 2);
                for (int k = 0; k + 1 < v.path().size(); k++) {
                    int from = Integer.parseInt(v.path().get(k).substring(1));
                    int to = Integer.parseInt(v.path().get(k + 1).substring(1));
                    assertThat(rg.edge()[from][to]).as("seed %d: %s is a real path", seed, v.path()).isTrue();
                }
            }
        }
        assertThat(checked).as("enough acyclic graphs were generated").isGreaterThan(GRAPHS / 3);
    }

    @Test
    void upwardCallsAreExactlyTheEdgesToAHigherTier() {
        for (long seed = 1; seed <= GRAPHS; seed++) {
            RandomGraph rg = RandomGraph.generate(seed);
            CompositionGraph g = CompositionGraph.of(rg.descriptors(), Set.of());
            long expected = 0;
            for (int i = 0; i < rg.n(); i++) {
                for (int j = 0; j < rg.n(); j++) {
                    if (rg.edge()[i][j] && rg.tier()[i].level() < rg.tier()[j].level()) expected++;
                }
            }
            assertThat(g.violations().stream().filter(v -> v.rule() == Rule.UPWARD_CALL).count())
                    .as("seed %d", seed).isEqualTo(expected);
        }
    }
}
