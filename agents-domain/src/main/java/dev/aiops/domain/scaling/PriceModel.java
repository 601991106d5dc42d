package dev.aiops.domain.scaling;

import java.util.Map;

/**
 * What requested capacity costs: per vCPU-hour and GiB-hour, by default OpenCost's defaults for on-demand nodes,
 * with other prices per node pool.
 *
 * @param cpuHour  price of one vCPU for one hour
 * @param gibHour  price of one GiB of memory for one hour
 * @param currency ISO 4217 code
 * @param pools    prices by node pool name
 */
public record PriceModel(double cpuHour, double gibHour, String currency, Map<String, Price> pools) {

    /** OpenCost's default on-demand prices. */
    public static final PriceModel DEFAULT = new PriceModel(0.031611, 0.004237, "USD", Map.of());

    /** Hours in an average month (8,760 / 12), as cloud price sheets count them. */
    public static final double HOURS_PER_MONTH = 730;

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** The prices of one node pool. */
    public record Price(double cpuHour, double gibHour) {
        public Price {
            if (!(cpuHour >= 0) || !(gibHour >= 0)) throw new IllegalArgumentException("prices are >= 0");
        }
    }

    public PriceModel {
        if (!(cpuHour >= 0) || !(gibHour >= 0)) throw new IllegalArgumentException("prices are >= 0");
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency is an ISO 4217 code such as USD, not '" + currency + "'");
        }
        pools = Map.copyOf(pools);
    }

    /** The monthly cost of {@code cores} and {@code bytes} requested in {@code pool} (null: the default price). */
    public double monthly(double cores, double bytes, String pool) {
        Price p = pool == null ? null : pools.get(pool);
        double cpu = p == null ? cpuHour : p.cpuHour();
        double mem = p == null ? gibHour : p.gibHour();
        return (cores * cpu + bytes / GIB * mem) * HOURS_PER_MONTH;
    }
}
