package com.tickstock.console.bench;

import java.io.File;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import com.sun.management.GcInfo;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * This JVM's live heap, live threads and open file descriptors: what a benchmark reads to show that a
 * long run stays flat. Shared by the benchmarks so that they all mean the same thing by "heap".
 */
final class MemoryProbe {

    /** Collectors that only ever collect the young generation: their runs are not the full GC asked for. */
    private static final Set<String> YOUNG_ONLY = Set.of("G1 Young Generation", "PS Scavenge", "Copy", "ParNew");
    /**
     * How long to keep asking for a full GC. Under load 50 requests in a row were declined (the GC log then shows
     * "GCLocker Initiated GC": the software renderer holds JNI critical regions while drawing), so this is a
     * time, not a number of requests.
     */
    private static final long GC_REQUEST_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** After a declined request: time for the thread in its critical region to leave it. */
    private static final long DECLINED_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private MemoryProbe() {
    }

    /**
     * Live heap in bytes: the heap's size right after a full, stop-the-world collection, i.e. the objects
     * still reachable. Heap "used" at any other moment also counts garbage not yet collected (up to the
     * whole young generation of a 1 GB {@code -Xms}), and committed heap is only what the JVM reserved;
     * neither says what the program keeps.
     *
     * <p>Two full collections, because objects reachable only from a Cleaner or finaliser survive the first.
     * {@code System.gc()} is only a request that the JVM may decline (G1 does while a thread holds a JNI
     * critical region), so it is repeated until the full collector's count shows that it really ran twice; the
     * figure is what that collector recorded at the end of its run, not a reading taken afterwards while
     * other threads allocate again.
     *
     * @throws IllegalStateException when the JVM declined every request: there is no reading to give
     */
    static long liveHeapBytes() {
        GarbageCollectorMXBean full = fullCollector();
        long wanted = full.getCollectionCount() + 2;
        long deadline = System.nanoTime() + GC_REQUEST_BUDGET_NANOS;
        while (full.getCollectionCount() < wanted) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the JVM declined every request for a full GC (" + full.getName()
                        + ") for " + TimeUnit.NANOSECONDS.toSeconds(GC_REQUEST_BUDGET_NANOS)
                        + " s: no live-heap reading");
            }
            long before = full.getCollectionCount();
            System.gc();
            if (full.getCollectionCount() == before) {
                LockSupport.parkNanos(DECLINED_PAUSE_NANOS);
            }
        }
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        long live = 0;
        GcInfo last = ((com.sun.management.GarbageCollectorMXBean) full).getLastGcInfo();
        for (Map.Entry<String, MemoryUsage> pool : last.getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                live += pool.getValue().getUsed();
            }
        }
        return live;
    }

    /** Threads alive now, daemons included (the JIT's and the GC's own are not Java threads). */
    static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Open file descriptors (sockets included), or -1 where there is no {@code /proc}. */
    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** Live threads by name, digits folded to {@code #} ({@code feed-connection_#-dispatch}): which kinds grew. */
    static Map<String, Long> threadsByName() {
        return Thread.getAllStackTraces().keySet().stream()
                .collect(Collectors.groupingBy(t -> t.getName().replaceAll("\\d+", "#"), TreeMap::new,
                        Collectors.counting()));
    }

    static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** The collector that runs {@code System.gc()}'s full collections, e.g. "G1 Old Generation". */
    private static GarbageCollectorMXBean fullCollector() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc -> !YOUNG_ONLY.contains(gc.getName()))
                .filter(gc -> gc instanceof com.sun.management.GarbageCollectorMXBean)
                .findFirst().orElseThrow(() -> new IllegalStateException("no full collector among "
                        + ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName).toList()));
    }
}
