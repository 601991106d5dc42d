#!/usr/bin/env python3
"""Splits the SampleTime histograms of a JMH JSON result into a fast and a slow mode.

Usage: python3 benchmarks/modes.py RESULT.json [SPLIT_US]   (SPLIT_US defaults to 25)

For each SampleTime benchmark it prints p50 and p99 over all forks and iterations, then the share of samples
below SPLIT_US and the median of each side, and the per-iteration share of fast samples. See
docs/performance.md for why the invoke benchmarks need this on a 2-vCPU machine.
"""
import json
import sys


def percentile(pairs, q):
    pairs = sorted(pairs)
    total = sum(c for _, c in pairs)
    seen = 0
    for value, count in pairs:
        seen += count
        if seen >= q * total:
            return value
    return float("nan")


def main():
    path = sys.argv[1]
    split = float(sys.argv[2]) if len(sys.argv) > 2 else 25.0
    for bench in json.load(open(path)):
        metric = bench["primaryMetric"]
        if "rawDataHistogram" not in metric:
            continue
        name = bench["benchmark"].rsplit(".", 2)[-2] + "." + bench["benchmark"].rsplit(".", 1)[-1]
        iterations = [it for fork in metric["rawDataHistogram"] for it in fork]
        samples = [p for it in iterations for p in it]
        fast = [p for p in samples if p[0] < split]
        slow = [p for p in samples if p[0] >= split]
        total = sum(c for _, c in samples)
        shares = []
        for it in iterations:
            n = sum(c for _, c in it)
            shares.append("%d" % round(100 * sum(c for v, c in it if v < split) / n))
        print("%-48s p50 %8.2f  p99 %8.2f  <%gus: %3d%% (p50 %6.2f)  >=%gus: p50 %6.2f  per iteration %% fast: %s" % (
            name, percentile(samples, 0.5), percentile(samples, 0.99), split,
            round(100 * sum(c for _, c in fast) / total), percentile(fast, 0.5) if fast else float("nan"),
            split, percentile(slow, 0.5) if slow else float("nan"), " ".join(shares)))


if __name__ == "__main__":
    main()
