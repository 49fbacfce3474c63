package com.tickstock.console.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * A scheduling-jitter probe in the manner of cyclictest: a thread asks to sleep {@value #PERIOD_MICROS} µs, again and
 * again, and records by how much each sleep overran (woken later than asked) into an HdrHistogram. It does no work of
 * its own, so what it records is what the machine does to any thread that wants a core back at a given time: timer
 * slack and wake-up cost (tens of µs on an idle machine), and on a busy one the wait for a core while other threads
 * run. Beside a latency benchmark's windows it tells a tail the console caused from one every runnable thread paid.
 *
 * <p>It runs in the benchmark's JVM: a collection there also stops it (when it wakes during the pause), so its
 * figures are read beside that JVM's collections. At one wake-up a millisecond it costs about 1-2 % of a core.
 *
 * <p>Threads: the probe thread ({@value #THREAD_NAME}) alone records; the benchmark's thread takes the interval
 * histograms ({@link SingleWriterRecorder} is made for that hand-off) and closes it.
 */
final class SchedulingJitter implements AutoCloseable {

    static final String THREAD_NAME = "sched-jitter";
    static final long PERIOD_MICROS = 1_000;
    /** Oversleep in µs up to 10 s, 3 significant digits; longer ones are clamped (still "very late" in max). */
    static final long HIGHEST_MICROS = 10_000_000L;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(HIGHEST_MICROS, 3);
    /** Written by the benchmark's thread (close), read by the probe thread. */
    private volatile boolean running = true;
    private Thread thread;

    /** Starts the probe thread (a daemon: it never holds the JVM up). */
    static SchedulingJitter start() {
        SchedulingJitter probe = new SchedulingJitter();
        probe.thread = new Thread(probe::loop, THREAD_NAME);
        probe.thread.setDaemon(true);
        probe.thread.start();
        return probe;
    }

    private void loop() {
        long askedNanos = PERIOD_MICROS * 1_000;
        while (running) {
            long before = System.nanoTime();
            try {
                Thread.sleep(PERIOD_MICROS / 1_000);
            } catch (InterruptedException e) {
                return; // closed
            }
            record(askedNanos, System.nanoTime() - before);
        }
    }

    /** Records one sleep that was asked to last {@code askedNanos} and took {@code tookNanos}. Probe thread only. */
    void record(long askedNanos, long tookNanos) {
        long overMicros = Math.max(0, tookNanos - askedNanos) / 1_000;
        recorder.recordValue(Math.min(overMicros, HIGHEST_MICROS));
    }

    /** Oversleeps (µs) recorded since the last call. Benchmark's thread only. */
    Histogram interval() {
        return recorder.getIntervalHistogram();
    }

    /** "p99 / p99.9 / max" of oversleeps in ms, with the number of sleeps: the probe's line in a window. */
    static String describe(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "no sleeps recorded";
        }
        return String.format(Locale.ROOT, "oversleep p99 %.2f, p99.9 %.2f, max %.2f ms over %,d sleeps of %d ms",
                h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
                h.getTotalCount(), PERIOD_MICROS / 1_000);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }
}
