package com.tickstock.console.recording;

import java.util.function.LongSupplier;

/**
 * Decides, block by block, whether the recorder's writer may compress or must store: it may spend on the recording at
 * most {@code RECORD_CPU_BUDGET} percent of the CPU the rest of the console spends, measured as it goes.
 *
 * <p>Why: compression costs per byte, so at the feed's peak (half a million events a second) zstd level 1 alone
 * would add a third to the console's CPU, and on a machine without a spare core the writer falls behind and its
 * queue drops frames. A block that cannot be afforded is stored instead (zstd's fastest level, gzip level 0: a copy),
 * which costs a tenth as much: the recording keeps every frame, only bigger on disk, and compresses again as soon
 * as the feed calms down.
 *
 * <p>How: a credit of CPU nanoseconds. Each time the writer asks, the credit grows by the budget's share of what the
 * rest of the process ran since the last question and shrinks by what the writer itself ran (compressing or
 * storing); it may compress while the credit is not negative. The credit is capped at {@link #MAX_CREDIT_NANOS}
 * (and at minus the cap) so that a quiet hour does not pay for a minute of full-rate compression at the open, nor a
 * burst keep the writer storing long after it ended.
 *
 * <p>Threads: the recorder's writer thread only (its CPU clock is the calling thread's).
 */
final class CompressionBudget {

    /** The most credit a quiet feed can bank: 50 ms of writer CPU, a few blocks' compression. */
    static final long MAX_CREDIT_NANOS = 50_000_000L;

    /** A budget that always lets the writer compress (tests of the files' contents, {@code RECORD_CPU_BUDGET} unset). */
    static CompressionBudget unlimited() {
        return new CompressionBudget(0, () -> 0, () -> 0);
    }

    private final int percent;
    private final LongSupplier processCpuNanos;
    private final LongSupplier writerCpuNanos;
    private long lastProcess = -1;
    private long lastWriter;
    private long credit;

    /**
     * @param percent          share of the rest of the console's CPU the writer may spend; 0 means no limit
     * @param processCpuNanos  the whole process's CPU time so far
     * @param writerCpuNanos   the writer thread's CPU time so far (read on the writer thread)
     */
    CompressionBudget(int percent, LongSupplier processCpuNanos, LongSupplier writerCpuNanos) {
        if (percent < 0) {
            throw new IllegalArgumentException("percent must not be negative, was " + percent);
        }
        this.percent = percent;
        this.processCpuNanos = processCpuNanos;
        this.writerCpuNanos = writerCpuNanos;
    }

    /** The console's own clocks: its process CPU time and the calling (writer) thread's. */
    static CompressionBudget ofProcess(int percent) {
        if (percent == 0) {
            return unlimited();
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof com.sun.management.OperatingSystemMXBean process) || !threads.isCurrentThreadCpuTimeSupported()) {
            return unlimited(); // no clocks to budget with (not on the JDKs this ships with): compress, as before
        }
        return new CompressionBudget(percent, process::getProcessCpuTime, threads::getCurrentThreadCpuTime);
    }

    /** Whether the next block may be compressed; call before each block. */
    boolean mayCompress() {
        if (percent == 0) {
            return true;
        }
        long process = processCpuNanos.getAsLong();
        long writer = writerCpuNanos.getAsLong();
        if (lastProcess < 0) {
            lastProcess = process;
            lastWriter = writer;
            return true;
        }
        long spent = Math.max(0, writer - lastWriter);
        long others = Math.max(0, process - lastProcess - spent);
        lastProcess = process;
        lastWriter = writer;
        // Bounded below as well: after a burst the writer compresses again within about as long as the cap lasts.
        credit = Math.max(-MAX_CREDIT_NANOS, Math.min(MAX_CREDIT_NANOS, credit + others * percent / 100 - spent));
        return credit >= 0;
    }

    int percent() {
        return percent;
    }
}
