package dev.aiops.domain.scaling;

import dev.aiops.core.contract.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Runs of steps without samples between a container's first and last sample, the longest first. */
final class Gaps {

    private static final int SHOWN = 5;

    private Gaps() {
    }

    private record Gap(int from, int to) {
        int length() {
            return to - from;
        }
    }

    /** Adds {@code missingSteps} and {@code gaps} (the longest five, as times) to {@code why}. */
    static void describe(BitSet steps, int first, int last, Instant start, Duration step, ObjectNode why) {
        List<Gap> gaps = new ArrayList<>();
        int missing = 0;
        int i = steps.nextClearBit(first);
        while (i >= 0 && i <= last) {
            int end = Math.min(steps.nextSetBit(i), last + 1);
            if (end < 0) end = last + 1;
            gaps.add(new Gap(i, end));
            missing += end - i;
            i = steps.nextClearBit(end);
        }
        why.put("missingSteps", missing);
        gaps.sort(Comparator.comparingInt(Gap::length).reversed().thenComparingInt(Gap::from));
        ArrayNode out = why.putArray("gaps");
        long ms = step.toMillis();
        for (Gap g : gaps.subList(0, Math.min(SHOWN, gaps.size()))) {
            out.addObject().put("from", start.plusMillis(g.from() * ms).toString())
                    .put("to", start.plusMillis(g.to() * ms).toString())
                    .put("length", Durations.text(Duration.ofMillis(g.length() * ms)));
        }
    }

    /** {@code "; longest gap 2d4h from ... to ..."}, or empty. */
    static String longest(ObjectNode why) {
        JsonNode g = why.path("gaps").path(0);
        if (g.isMissingNode()) return "";
        return "; longest gap " + g.path("length").asString() + " from " + g.path("from").asString() + " to "
                + g.path("to").asString();
    }
}
