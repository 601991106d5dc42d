package dev.aiops.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The most heap a stretch of code had in use, garbage included, and the most that was live after a collection.
 * Between collections the used heap only grows, so its peak is either just before a collection or at the end: the
 * peak is the largest heap before any collection that ran in the stretch (from the collectors' notifications, summed
 * over the heap pools), or the heap used at the end when that is larger. Not thread-safe: one stretch at a time.
 */
final class HeapPeak {

    /** What one stretch used, in bytes. */
    record Result(long peakUsed, long maxLiveAfterGc, long usedAtStart, long usedAtEnd, int collections) {
    }

    private final Set<String> heapPools;
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    /** Per collector and collection id: heap used before and after it. */
    private final Map<String, long[]> seen = new ConcurrentHashMap<>();
    private long[] countsAtStart;
    private long usedAtStart;

    HeapPeak() {
        heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : collectors) {
            ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                        (CompositeData) n.getUserData());
                GcInfo g = info.getGcInfo();
                seen.put(info.getGcName() + "#" + g.getId(),
                        new long[] {sum(g.getMemoryUsageBeforeGc()), sum(g.getMemoryUsageAfterGc())});
            }, null, null);
        }
    }

    private long sum(Map<String, MemoryUsage> usage) {
        long total = 0;
        for (Map.Entry<String, MemoryUsage> e : usage.entrySet()) {
            if (heapPools.contains(e.getKey())) total += e.getValue().getUsed();
        }
        return total;
    }

    /** Starts a stretch. */
    void start() {
        countsAtStart = counts();
        usedAtStart = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Ends the stretch; waits up to a second for the notifications of its collections. */
    Result stop() {
        long usedAtEnd = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long[] countsAtEnd = counts();
        long peak = Math.max(usedAtStart, usedAtEnd);
        long live = 0;
        int collections = 0;
        long deadline = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < collectors.size(); i++) {
            String name = collectors.get(i).getName();
            // GcInfo ids count a collector's collections from 1
            for (long id = countsAtStart[i] + 1; id <= countsAtEnd[i]; id++) {
                long[] v = seen.remove(name + "#" + id);
                while (v == null && System.nanoTime() < deadline) {
                    sleep();
                    v = seen.remove(name + "#" + id);
                }
                if (v == null) continue;
                collections++;
                peak = Math.max(peak, v[0]);
                live = Math.max(live, v[1]);
            }
        }
        seen.clear();
        return new Result(peak, live, usedAtStart, usedAtEnd, collections);
    }

    private long[] counts() {
        long[] c = new long[collectors.size()];
        for (int i = 0; i < c.length; i++) c[i] = collectors.get(i).getCollectionCount();
        return c;
    }

    private static void sleep() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
