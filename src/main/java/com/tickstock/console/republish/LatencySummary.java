package com.tickstock.console.republish;

/**
 * How long ticks took from being received (the frame's arrival on the feed socket, or the offer when the
 * caller did not know it) to Redis acknowledging their PUBLISH, over whole seconds.
 *
 * @param count     ticks measured
 * @param p50Millis median, milliseconds (0 when nothing was measured)
 * @param p99Millis 99th percentile, milliseconds
 * @param p999Millis 99.9th percentile, milliseconds: the tail a trader notices, which p99 hides at a desk's rate
 * @param maxMillis largest, milliseconds
 */
public record LatencySummary(long count, double p50Millis, double p99Millis, double p999Millis, double maxMillis) {
}
