package com.tickstock.console.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How long a process's threads waited on a run queue (runnable, no core free) from the scheduler's own counts:
 * {@code /proc/<pid>/task/<tid>/schedstat} holds ns on a core, ns waiting on a run queue and timeslices run. On two
 * cores shared by four processes a thread woken for a frame may wait for a core; the difference of two readings
 * says how much it did in between, per thread, so a window's tail can be set beside it.
 *
 * <p>A reading is a value: the benchmark's thread takes one per window boundary.
 */
final class RunQueueWait {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** One thread's counts: its name, ns waiting on a run queue, timeslices. */
    record Task(String name, long waitNanos, long slices) {
    }

    /** The threads of one process at one moment, by thread id. */
    record Reading(Map<String, Task> threads) {
    }

    /** What the threads did between two readings: run-queue wait in all, timeslices, and the thread that waited most. */
    record Delta(long waitNanos, long slices, String worstThread, long worstWaitNanos) {

        /** "waited X ms for a core (Y % of the window), mean Z µs per timeslice; most: NAME W ms". */
        String describe(double windowSeconds) {
            return String.format(Locale.ROOT, "waited %.1f ms for a core (%.1f %% of the window), %.1f us per timeslice"
                            + " over %,d; most: %s %.1f ms", waitNanos / 1e6, waitNanos / 1e7 / windowSeconds,
                    slices == 0 ? 0.0 : waitNanos / 1e3 / slices, slices, worstThread, worstWaitNanos / 1e6);
        }
    }

    private RunQueueWait() {
    }

    /** The threads of process {@code pid} now; empty where /proc is missing (the benchmark still runs). */
    static Reading read(long pid) {
        Map<String, Task> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    long[] counts = parse(Files.readString(task.resolve("schedstat")));
                    threads.put(task.getFileName().toString(), new Task(name, counts[1], counts[2]));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            // no /proc, or the process ended: no figures
        }
        return new Reading(threads);
    }

    /** The three counts of a schedstat line: ns on a core, ns waiting on a run queue, timeslices. */
    static long[] parse(String schedstat) {
        String[] f = WHITESPACE.split(schedstat.trim(), -1);
        if (f.length < 3) {
            throw new IllegalArgumentException("not a schedstat line: '" + schedstat + "'");
        }
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
    }

    /**
     * From {@code before} to {@code after}, per thread id: a thread that started meanwhile counts from zero, one that
     * ended is left out (its last part is lost, which only understates).
     */
    static Delta between(Reading before, Reading after) {
        long wait = 0;
        long slices = 0;
        String worst = "-";
        long worstWait = 0;
        for (Map.Entry<String, Task> e : after.threads().entrySet()) {
            Task was = before.threads().get(e.getKey());
            long w = e.getValue().waitNanos() - (was == null ? 0 : was.waitNanos());
            long s = e.getValue().slices() - (was == null ? 0 : was.slices());
            wait += w;
            slices += s;
            if (w > worstWait) {
                worstWait = w;
                worst = e.getValue().name();
            }
        }
        return new Delta(wait, slices, worst, worstWait);
    }
}
