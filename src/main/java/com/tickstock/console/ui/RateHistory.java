package com.tickstock.console.ui;

import com.tickstock.console.manager.HealthSnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-connection msgs/s over the last minutes, for a pane's sparkline: one point per
 * {@code period}, sampled from the health snapshots (which arrive about four times a second).
 *
 * <p>Threads: {@link #record} runs on the {@code manager-health} thread (or the UI pulse),
 * {@link #copy} on the UI thread; both are synchronized — they run a few times a second.
 */
public final class RateHistory {

    private final int capacity;
    private final long periodMillis;
    private final Map<String, double[]> rings = new HashMap<>();
    private final Map<String, Long> counts = new HashMap<>();
    private long nextSampleMillis = Long.MIN_VALUE;

    public RateHistory(int capacity, Duration period) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be >= 2, was " + capacity);
        }
        this.capacity = capacity;
        this.periodMillis = period.toMillis();
    }

    /** 5 minutes at one point a second. */
    public static RateHistory standard() {
        return new RateHistory(300, Duration.ofSeconds(1));
    }

    /** Adds one point per connection when a period has passed since the last one; otherwise nothing. */
    public synchronized boolean record(HealthSnapshot snapshot) {
        long at = snapshot.takenAt().toEpochMilli();
        if (at < nextSampleMillis) {
            return false;
        }
        nextSampleMillis = at + periodMillis;
        snapshot.connections().forEach((id, health) -> {
            double[] ring = rings.computeIfAbsent(id, k -> new double[capacity]);
            long n = counts.getOrDefault(id, 0L);
            ring[(int) (n % capacity)] = health.feed().msgsPerSecond();
            counts.put(id, n + 1);
        });
        return true;
    }

    /** Copies a connection's points, oldest first, into {@code into}; returns how many. */
    public synchronized int copy(String connectionId, double[] into) {
        double[] ring = rings.get(connectionId);
        if (ring == null) {
            return 0;
        }
        long total = counts.get(connectionId);
        int n = (int) Math.min(Math.min(total, capacity), into.length);
        long start = total - n;
        for (int i = 0; i < n; i++) {
            into[i] = ring[(int) ((start + i) % capacity)];
        }
        return n;
    }

    /** Points recorded so far for a connection (grows without bound; the ring keeps the newest). */
    public synchronized long samples(String connectionId) {
        return counts.getOrDefault(connectionId, 0L);
    }

    public int capacity() {
        return capacity;
    }
}
