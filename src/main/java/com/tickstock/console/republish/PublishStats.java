package com.tickstock.console.republish;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * Publish rate and p99 offer-to-acknowledgement latency over roughly the last second.
 *
 * <p>Threads: {@link #recordLatency} from Lettuce's I/O thread(s) (the HdrHistogram {@link Recorder} is a
 * wait-free multi-writer); {@link #roll} from the publisher thread only; the two volatile results from anyone.
 */
final class PublishStats {

    private static final long ROLL_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Recorder latencyMicros = new Recorder(MAX_MICROS, 2);
    private Histogram recycled;
    private long lastRollNanos;
    private long lastPublished;

    /** Written by the publisher thread at each roll. */
    private volatile double rate;
    private volatile double p99Millis;

    PublishStats(long nowNanos) {
        lastRollNanos = nowNanos;
    }

    void recordLatency(long nanos) {
        latencyMicros.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
    }

    /** Closes the current window if a second has passed. Publisher thread only. */
    void roll(long nowNanos, long publishedTotal) {
        long elapsed = nowNanos - lastRollNanos;
        if (elapsed < ROLL_INTERVAL_NANOS) {
            return;
        }
        recycled = latencyMicros.getIntervalHistogram(recycled);
        p99Millis = recycled.getTotalCount() == 0 ? 0 : recycled.getValueAtPercentile(99) / 1000.0;
        rate = (publishedTotal - lastPublished) * 1e9 / elapsed;
        lastPublished = publishedTotal;
        lastRollNanos = nowNanos;
    }

    /** Nanoseconds until the next roll is due. */
    long nanosToNextRoll(long nowNanos) {
        return Math.max(0, lastRollNanos + ROLL_INTERVAL_NANOS - nowNanos);
    }

    double rate() {
        return rate;
    }

    double p99Millis() {
        return p99Millis;
    }
}
