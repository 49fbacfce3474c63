package com.tickstock.console.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time and load from Linux's {@code /proc}, for benchmarks that say what a figure cost: CPU per tick does
 * not depend on what else the machine is doing, unlike ticks/s. Every reading is 0 (or "?") where /proc is
 * missing, so a benchmark still runs elsewhere.
 */
final class ProcStats {

    /** USER_HZ: the unit of the times in {@code /proc/<pid>/stat}; 100 on every Linux the console supports. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /** User plus system CPU time of this JVM, in milliseconds. */
    static long selfCpuMillis() {
        return cpuMillis("self");
    }

    /** User plus system CPU time of another process, in milliseconds. */
    static long cpuMillis(long pid) {
        return cpuMillis(String.valueOf(pid));
    }

    /** CPU milliseconds of this JVM's threads summed by their (15-character) name, from /proc/self/task. */
    static Map<String, Long> threadCpuMillis() {
        Map<String, Long> byName = new HashMap<>();
        threadTimes().values().forEach(t -> byName.merge(t.name(), t.millis(), Long::sum));
        return byName;
    }

    /** One thread of this JVM: its (15-character) name and CPU milliseconds so far. */
    record ThreadTime(String name, long millis) {
    }

    /**
     * CPU milliseconds of every thread of this JVM by thread id (from /proc/self/task), the JVM's own too (JIT, GC):
     * the difference of two readings is per thread, so a thread that ends or starts meanwhile does not skew another.
     */
    static Map<String, ThreadTime> threadTimes() {
        Map<String, ThreadTime> byId = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    byId.put(task.getFileName().toString(), new ThreadTime(name, cpuMillis("self/task/" + task.getFileName())));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            // no /proc: no per-thread figures
        }
        return byId;
    }

    /**
     * The threads that used the most CPU between two {@link #threadCpuMillis()} readings, digits in names folded
     * ({@code feed-socket(#)}), as {@code name us} per unit of work: {@code feed-socket(#) 1.52, GC Thread## 0.20}.
     */
    static String busiestThreads(Map<String, Long> start, Map<String, Long> end, long units, int limit) {
        Map<String, Long> byName = new HashMap<>();
        end.forEach((name, millis) -> byName.merge(name.replaceAll("[0-9]+", "#"),
                millis - start.getOrDefault(name, 0L), Long::sum));
        long n = Math.max(1, units);
        return byName.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() * 1000.0 / n))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The 1-, 5- and 15-minute load averages: other work on the machine skews every figure, so a run says how busy it was. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ", -1);
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** {@code procPath} is a pid, {@code self} or {@code self/task/<tid>}. */
    private static long cpuMillis(String procPath) {
        try {
            String stat = Files.readString(Path.of("/proc", procPath, "stat"));
            // The command name may hold spaces and parentheses: fields are counted from the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
