package com.tickstock.console.feed;

/**
 * A real rate over a sliding window, from samples of a monotonically growing counter: the count
 * added between the oldest retained sample and now, divided by the time between them. (The
 * original dashboard divided a cumulative count by 5 and called it a rate.)
 *
 * <p>Threads: one sampling thread only (the connection's control thread).
 */
final class SlidingRate {

    private final long windowNanos;
    private final long[] times;
    private final long[] counts;
    private int head;
    private int size;

    SlidingRate(long windowNanos, int maxSamples) {
        this.windowNanos = windowNanos;
        this.times = new long[maxSamples];
        this.counts = new long[maxSamples];
    }

    /** Records the counter's value at {@code nanoTime} and returns the rate per second over the window. */
    double sample(long nanoTime, long count) {
        int capacity = times.length;
        times[head] = nanoTime;
        counts[head] = count;
        head = (head + 1) % capacity;
        size = Math.min(size + 1, capacity);
        // Oldest sample still inside the window (the newest is always kept).
        int oldest = -1;
        for (int i = size - 1; i >= 1; i--) {
            int idx = Math.floorMod(head - 1 - i, capacity);
            if (nanoTime - times[idx] <= windowNanos) {
                oldest = idx;
                break;
            }
        }
        if (oldest < 0) {
            return 0.0;
        }
        long elapsed = nanoTime - times[oldest];
        return elapsed <= 0 ? 0.0 : (count - counts[oldest]) * 1e9 / elapsed;
    }

    void reset() {
        size = 0;
        head = 0;
    }
}
