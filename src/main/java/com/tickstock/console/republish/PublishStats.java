package com.tickstock.console.republish;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * Publish rate and p99 and p99.9 latency (from when the tick was received to Redis's acknowledgement) over
 * roughly the last second, and the latency distribution over all completed seconds since the last reset.
 *
 * <p>Threads: {@link #recordLatency} from Lettuce's I/O thread(s) (the HdrHistogram {@link Recorder} is a
 * wait-free multi-writer); {@link #roll} from the publisher thread only; the two volatile results from anyone;
 * the accumulated distribution is guarded by {@code this} (touched once a second by the roll, and by readers).
 */
final class PublishStats {

    private static final long ROLL_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Recorder latencyMicros = new Recorder(MAX_MICROS, 2);
    private Histogram recycled;
    /** Guarded by this. */
    private final Histogram sinceReset = new Histogram(MAX_MICROS, 2);
    private long lastRollNanos;
    private long lastPublished;
    private long lastOffered;

    /** Written by the publisher thread at each roll. */
    private volatile double rate;
    /** Ticks taken into the buffer per second: the feed's side of a catch-up's ETA. */
    private volatile double offeredRate;
    /** The last completed second's tail: both percentiles of one histogram, swapped in together at each roll. */
    private volatile Tail tail = Tail.NONE;

    private record Tail(double p99Millis, double p999Millis) {
        static final Tail NONE = new Tail(0, 0);
    }

    PublishStats(long nowNanos) {
        lastRollNanos = nowNanos;
    }

    /** Counts the feed's rate from here: ticks offered before the publisher started are a backlog, not a rate. */
    void startFrom(long nowNanos, long offeredTotal) {
        lastRollNanos = nowNanos;
        lastOffered = offeredTotal;
    }

    void recordLatency(long nanos) {
        latencyMicros.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
    }

    /** Closes the current window if a second has passed. Publisher thread only. */
    void roll(long nowNanos, long publishedTotal, long offeredTotal) {
        long elapsed = nowNanos - lastRollNanos;
        if (elapsed < ROLL_INTERVAL_NANOS) {
            return;
        }
        recycled = latencyMicros.getIntervalHistogram(recycled);
        tail = recycled.getTotalCount() == 0 ? Tail.NONE : new Tail(recycled.getValueAtPercentile(99) / 1000.0,
                recycled.getValueAtPercentile(99.9) / 1000.0);
        synchronized (this) {
            sinceReset.add(recycled);
        }
        rate = (publishedTotal - lastPublished) * 1e9 / elapsed;
        lastPublished = publishedTotal;
        offeredRate = (offeredTotal - lastOffered) * 1e9 / elapsed;
        lastOffered = offeredTotal;
        lastRollNanos = nowNanos;
    }

    /** The latency distribution over the seconds completed since the last {@link #resetSummary()}. */
    synchronized LatencySummary summary() {
        long count = sinceReset.getTotalCount();
        if (count == 0) {
            return new LatencySummary(0, 0, 0, 0, 0);
        }
        return new LatencySummary(count, sinceReset.getValueAtPercentile(50) / 1000.0,
                sinceReset.getValueAtPercentile(99) / 1000.0, sinceReset.getValueAtPercentile(99.9) / 1000.0,
                sinceReset.getMaxValue() / 1000.0);
    }

    synchronized void resetSummary() {
        sinceReset.reset();
    }

    /** Nanoseconds until the next roll is due. */
    long nanosToNextRoll(long nowNanos) {
        return Math.max(0, lastRollNanos + ROLL_INTERVAL_NANOS - nowNanos);
    }

    double rate() {
        return rate;
    }

    double offeredRate() {
        return offeredRate;
    }

    double p99Millis() {
        return tail.p99Millis();
    }

    double p999Millis() {
        return tail.p999Millis();
    }
}
