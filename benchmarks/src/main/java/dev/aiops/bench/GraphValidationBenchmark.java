package dev.aiops.bench;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.graph.CompositionGraph;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Building and verifying the composition graph of 10,000 agents with 50,000 dependency edges
 * ({@link SyntheticComposition}). Generating the descriptors happens once, outside the measurement; each
 * operation is one {@link CompositionGraph#of} call: index agents and skills, resolve every edge (version
 * range and tier checks), then Tarjan's SCC pass with the depth computation. Target: under 50 ms.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class GraphValidationBenchmark {

    private List<AgentDescriptor> descriptors;

    @Setup(Level.Trial)
    public void setUp() {
        SyntheticComposition composition = SyntheticComposition.generate(20_240_601L);
        descriptors = composition.descriptors();
        check(descriptors.size() == SyntheticComposition.AGENTS, "expected 10,000 agents, got " + descriptors.size());

        CompositionGraph graph = CompositionGraph.of(descriptors, SyntheticComposition.SERVICES);
        check(graph.isValid(), "generated graph is not valid: " + head(graph));
        check(graph.violations().isEmpty(), "generated graph has warnings: " + head(graph));
        long edges = 0;
        int maxHeight = 0;
        for (AgentDescriptor d : descriptors) {
            edges += graph.edgesFrom(d.name()).size();
            maxHeight = Math.max(maxHeight, composition.heightOf(d.name()));
        }
        check(edges == SyntheticComposition.EDGES, "expected 50,000 edges, got " + edges);
        check(maxHeight == CompositionGraph.MAX_DEPTH, "expected the deepest chain to be exactly "
                + CompositionGraph.MAX_DEPTH + ", got " + maxHeight);
        System.out.printf("%n[graph] %d agents, %d edges (%d same-tier), deepest chain %d, valid%n",
                descriptors.size(), edges, composition.sameTierEdges(), maxHeight);
    }

    @Benchmark
    public CompositionGraph buildAndVerify() {
        return CompositionGraph.of(descriptors, SyntheticComposition.SERVICES);
    }

    private static String head(CompositionGraph graph) {
        return graph.violations().stream().limit(5).toList().toString();
    }

    static void check(boolean ok, String message) {
        if (!ok) throw new IllegalStateException(message);
    }
}
