package dev.aiops.bench;

import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.contract.Tier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A large, valid three-tier composition, generated deterministically for the graph benchmark.
 *
 * <p>Every agent gets a height (the longest call chain below it) and only calls agents of a smaller height,
 * so the graph is acyclic and no chain is longer than {@value #MAX_HEIGHT} edges. Tiers never increase with
 * decreasing height, so there is no upward call, while same-tier calls exist at two levels:
 *
 * <pre>
 *  height 3  composite (T3)  1,500 agents x 10 deps -> height-2 domain (at least one), height-1 domain/infra, infra leaves
 *  height 2  domain    (T2)  2,500 agents x  8 deps -> height-1 domain (same tier, at least one), height-1 infra, infra leaves
 *  height 1  domain    (T2)  2,000 agents x  5 deps -> infra leaves
 *  height 1  infra     (T1)  1,000 agents x  5 deps -> infra leaves (same tier)
 *  height 0  infra     (T1)  3,000 agents, no deps; each needs one external service
 * </pre>
 *
 * 10,000 agents and 15,000 + 20,000 + 10,000 + 5,000 = 50,000 edges. Targets are drawn with a skew (a few
 * popular infrastructure skills are called by many agents, as {@code k8s.pods.list} would be), and the
 * descriptors are shuffled so that the graph is not handed over in topological order.
 */
final class SyntheticComposition {

    static final int AGENTS = 10_000;
    static final int EDGES = 50_000;
    static final int MAX_HEIGHT = 3;
    static final Set<String> SERVICES = Set.of("kubernetes-api", "prometheus", "loki", "argocd", "llm");

    private static final String[] LEAF_SERVICES = {"kubernetes-api", "prometheus", "loki", "argocd"};

    private final List<AgentDescriptor> descriptors;
    private final Map<String, Integer> heightOf;
    private final int sameTierEdges;

    private SyntheticComposition(List<AgentDescriptor> descriptors, Map<String, Integer> heightOf, int sameTierEdges) {
        this.descriptors = descriptors;
        this.heightOf = heightOf;
        this.sameTierEdges = sameTierEdges;
    }

    List<AgentDescriptor> descriptors() {
        return descriptors;
    }

    /** The longest call chain below {@code agent}, by construction. */
    int heightOf(String agent) {
        return heightOf.get(agent);
    }

    int sameTierEdges() {
        return sameTierEdges;
    }

    static String skillOf(String agent) {
        return agent + ".run";
    }

    static SyntheticComposition generate(long seed) {
        Random rnd = new Random(seed);
        List<AgentDescriptor> out = new ArrayList<>(AGENTS);
        Map<String, Integer> height = new HashMap<>(AGENTS * 2);
        Map<String, Tier> tier = new HashMap<>(AGENTS * 2);
        int[] sameTier = {0};

        List<String> infraLeaves = names("infra-leaf", 3_000);
        List<String> infraMid = names("infra", 1_000);
        List<String> domainLow = names("domain-base", 2_000);
        List<String> domainHigh = names("domain", 2_500);
        List<String> composites = names("composite", 1_500);

        for (int i = 0; i < infraLeaves.size(); i++) {
            String name = infraLeaves.get(i);
            out.add(descriptor(name, Tier.INFRASTRUCTURE, i, List.of(), LEAF_SERVICES[i % LEAF_SERVICES.length]));
            height.put(name, 0);
            tier.put(name, Tier.INFRASTRUCTURE);
        }
        for (int i = 0; i < infraMid.size(); i++) {
            String name = infraMid.get(i);
            List<String> deps = pick(rnd, 5, List.of(infraLeaves), List.of(1.0));
            add(out, height, tier, sameTier, name, Tier.INFRASTRUCTURE, i, deps, null);
        }
        for (int i = 0; i < domainLow.size(); i++) {
            String name = domainLow.get(i);
            List<String> deps = pick(rnd, 5, List.of(infraLeaves), List.of(1.0));
            add(out, height, tier, sameTier, name, Tier.DOMAIN, i, deps, i % 10 == 0 ? "llm" : null);
        }
        for (int i = 0; i < domainHigh.size(); i++) {
            String name = domainHigh.get(i);
            List<String> deps = new ArrayList<>();
            deps.add(domainLow.get(skewed(rnd, domainLow.size()))); // guarantees height 2
            deps.addAll(pick(rnd, 7, List.of(domainLow, infraMid, infraLeaves), List.of(0.3, 0.3, 0.4), deps));
            add(out, height, tier, sameTier, name, Tier.DOMAIN, i, deps, i % 5 == 0 ? "llm" : null);
        }
        for (int i = 0; i < composites.size(); i++) {
            String name = composites.get(i);
            List<String> deps = new ArrayList<>();
            deps.add(domainHigh.get(skewed(rnd, domainHigh.size()))); // guarantees height 3
            deps.addAll(pick(rnd, 9, List.of(domainHigh, domainLow, infraMid, infraLeaves),
                    List.of(0.5, 0.2, 0.15, 0.15), deps));
            add(out, height, tier, sameTier, name, Tier.COMPOSITE, i, deps, "llm");
        }
        Collections.shuffle(out, rnd);
        return new SyntheticComposition(List.copyOf(out), Map.copyOf(height), sameTier[0]);
    }

    private static void add(List<AgentDescriptor> out, Map<String, Integer> height, Map<String, Tier> tier,
                            int[] sameTier, String name, Tier t, int i, List<String> deps, String service) {
        int h = 0;
        for (String d : deps) {
            h = Math.max(h, height.get(d) + 1);
            if (tier.get(d).level() > t.level()) {
                throw new IllegalStateException("generator bug: upward call " + name + " -> " + d);
            }
            if (tier.get(d) == t) sameTier[0]++;
        }
        if (h > MAX_HEIGHT) throw new IllegalStateException("generator bug: " + name + " has height " + h);
        out.add(descriptor(name, t, i, deps, service));
        height.put(name, h);
        tier.put(name, t);
    }

    private static AgentDescriptor descriptor(String name, Tier tier, int i, List<String> deps, String service) {
        AgentDescriptor.Builder b = AgentDescriptor.builder(name).tier(tier)
                .version("1." + (i % 7) + ".0")
                .skill(SkillContract.builder(skillOf(name)).version("1." + (i % 5) + "." + (i % 3)).build());
        for (String d : deps) {
            b.dependsOn(skillOf(d), (d.hashCode() & 1) == 0 ? "^1.0" : ">=1.0.0 <2.0.0");
        }
        if (service != null) b.service(service);
        return b.build();
    }

    private static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(String.format("%s-%05d", prefix, i));
        }
        return names;
    }

    private static List<String> pick(Random rnd, int count, List<List<String>> pools, List<Double> weights) {
        return pick(rnd, count, pools, weights, List.of());
    }

    /** {@code count} distinct agents, none of {@code taken}, each from a pool chosen by weight. */
    private static List<String> pick(Random rnd, int count, List<List<String>> pools, List<Double> weights,
                                     List<String> taken) {
        Set<String> chosen = new LinkedHashSet<>();
        while (chosen.size() < count) {
            double r = rnd.nextDouble();
            int p = 0;
            while (p < pools.size() - 1 && r >= weights.get(p)) {
                r -= weights.get(p);
                p++;
            }
            List<String> pool = pools.get(p);
            String candidate = pool.get(skewed(rnd, pool.size()));
            if (!taken.contains(candidate)) chosen.add(candidate);
        }
        return new ArrayList<>(chosen);
    }

    /** An index in {@code [0, size)}, low indices much more likely (a few popular skills). */
    private static int skewed(Random rnd, int size) {
        double u = rnd.nextDouble();
        return (int) (size * u * u);
    }
}
