package dev.aiops.core.contract;

import java.util.Locale;

/**
 * The three agent tiers. A lower tier never depends on a higher one; same-tier calls are allowed.
 */
public enum Tier {
    /** Tier 1: talks to infrastructure (Kubernetes API, logs, metrics, deployments). */
    INFRASTRUCTURE(1),
    /** Tier 2: domain reasoning on top of tier-1 skills (diagnostics, runbooks, timelines, scaling). */
    DOMAIN(2),
    /** Tier 3: composite agents that orchestrate domain agents (on-call, scaling operator, post-mortems). */
    COMPOSITE(3);

    private final int level;

    Tier(int level) {
        this.level = level;
    }

    /** The tier number, 1 to 3. */
    public int level() {
        return level;
    }

    /** Parses {@code infrastructure}, {@code domain}, {@code composite} (any case) or the numbers 1 to 3. */
    public static Tier parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (Tier tier : values()) {
            if (tier.name().equals(t) || String.valueOf(tier.level).equals(t)) {
                return tier;
            }
        }
        throw new IllegalArgumentException("unknown tier '" + text + "' (expected infrastructure, domain or composite)");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
