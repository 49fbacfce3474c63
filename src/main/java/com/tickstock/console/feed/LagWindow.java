package com.tickstock.console.feed;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Feed lag (receive time minus the event's SIP time) over a sliding window of interval histograms, one
 * per slot of time: the window spans {@code slots} slots, however often anyone asks for a snapshot; and
 * the count and sum of every lag recorded since start (a Prometheus summary's {@code _count} and {@code _sum}).
 *
 * <p>Threads: {@link #record} runs on the thread reading a socket, one at a time under the
 * connection's {@link ReceiveState} monitor; the control thread alone calls {@link #roll} and reads
 * the percentiles and totals. {@link SingleWriterRecorder} is built for exactly that split.
 */
final class LagWindow {

    /** Lag above an hour is clamped: it only says "very late" and would bloat the histogram. */
    private static final long MAX_LAG_MS = 3_600_000L;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(MAX_LAG_MS, 2);
    private final Histogram[] slots;
    private final Histogram combined = new Histogram(MAX_LAG_MS, 2);
    private final long slotNanos;
    private Histogram recycled;
    private int next;
    private boolean rolled;
    private long lastRollNanos;
    /** Lags recorded up to the latest roll, and their sum in ms (within the histogram's 2-digit precision). */
    private long totalCount;
    private long totalMillis;

    /** A window of {@code slots} slots of {@code slotNanos} each; {@link #roll} is meant to be called once a slot. */
    LagWindow(int slots, long slotNanos) {
        this.slots = new Histogram[slots];
        this.slotNanos = slotNanos;
    }

    void record(long lagMillis) {
        recorder.recordValue(Math.max(0, Math.min(lagMillis, MAX_LAG_MS)));
    }

    /**
     * Closes the current interval and makes it the newest slot of the window, unless the last roll was less than
     * half a slot ago: a tick that comes a little early still rolls, a caller that rolls far more often than once a
     * slot cannot shrink the window.
     */
    void roll(long nowNanos) {
        if (rolled && nowNanos - lastRollNanos < slotNanos / 2) {
            return;
        }
        rolled = true;
        lastRollNanos = nowNanos;
        Histogram interval = recorder.getIntervalHistogram(recycled);
        totalCount += interval.getTotalCount();
        totalMillis += Math.round(interval.getMean() * interval.getTotalCount());
        Histogram evicted = slots[next];
        // The window's sum moves by the slot that enters and the one that leaves: two passes over the counts
        // instead of a reset and one per slot (eleven), on every connection's 250 ms tick, busy or idle.
        combined.add(interval);
        if (evicted != null) {
            combined.subtract(evicted);
        }
        recycled = evicted;
        slots[next] = interval;
        next = (next + 1) % slots.length;
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
