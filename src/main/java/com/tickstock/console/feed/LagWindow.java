package com.tickstock.console.feed;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Feed lag (receive time minus the event's SIP time) over a sliding window of interval histograms,
 * and the count and sum of every lag recorded since start (a Prometheus summary's {@code _count} and
 * {@code _sum}).
 *
 * <p>Threads: the socket thread alone calls {@link #record}; the control thread alone calls
 * {@link #roll} and reads the percentiles and totals. {@link SingleWriterRecorder} is built for exactly that split.
 */
final class LagWindow {

    /** Lag above an hour is clamped: it only says "very late" and would bloat the histogram. */
    private static final long MAX_LAG_MS = 3_600_000L;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(MAX_LAG_MS, 2);
    private final Histogram[] slots;
    private final Histogram combined = new Histogram(MAX_LAG_MS, 2);
    private Histogram recycled;
    private int next;
    /** Lags recorded up to the latest roll, and their sum in ms (within the histogram's 2-digit precision). */
    private long totalCount;
    private long totalMillis;

    LagWindow(int slots) {
        this.slots = new Histogram[slots];
    }

    void record(long lagMillis) {
        recorder.recordValue(Math.max(0, Math.min(lagMillis, MAX_LAG_MS)));
    }

    /** Closes the current interval and makes it the newest slot of the window. */
    void roll() {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        totalCount += interval.getTotalCount();
        totalMillis += Math.round(interval.getMean() * interval.getTotalCount());
        recycled = slots[next];
        slots[next] = interval;
        next = (next + 1) % slots.length;
        combined.reset();
        for (Histogram slot : slots) {
            if (slot != null) {
                combined.add(slot);
            }
        }
    }

    /** The percentile over the window in ms, or -1 when the window holds no events. */
    long percentile(double p) {
        return combined.getTotalCount() == 0 ? -1 : combined.getValueAtPercentile(p);
    }

    /** How many lags were recorded up to the latest {@link #roll}. */
    long count() {
        return totalCount;
    }

    /** The sum of the lags recorded up to the latest {@link #roll}, in ms. */
    long sumMillis() {
        return totalMillis;
    }
}
