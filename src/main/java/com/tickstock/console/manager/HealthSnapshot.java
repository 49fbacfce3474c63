package com.tickstock.console.manager;

import com.tickstock.console.feed.ConnectionState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything an operator needs about the feed side, immutable, published a few times a second.
 *
 * @param connections per connection id, in configuration order
 * @param consumers   how each registered consumer keeps up
 * @param takenAt     when it was built
 * @param sections    further parts by key, e.g. {@code redis}: the republisher's status, in the order
 *                    added (see {@link ConnectionManager#addHealthSection}); values are String, Number,
 *                    Boolean, Map, List or null, so any JSON writer can write them
 */
public record HealthSnapshot(Map<String, ConnectionHealth> connections, List<ConsumerStats> consumers,
                             Instant takenAt, Map<String, Map<String, Object>> sections) {

    public HealthSnapshot {
        connections = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(connections));
        consumers = List.copyOf(consumers);
        sections = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sections));
    }

    /** A snapshot of the feed side alone. */
    public HealthSnapshot(Map<String, ConnectionHealth> connections, List<ConsumerStats> consumers, Instant takenAt) {
        this(connections, consumers, takenAt, Map.of());
    }

    /** The seed's {@code total_connections}: configured (enabled) connections. */
    public int totalConnections() {
        return connections.size();
    }

    /** The seed's {@code connected_count}: connections streaming now. */
    public int connectedCount() {
        int n = 0;
        for (ConnectionHealth health : connections.values()) {
            if (health.feed().state() == ConnectionState.STREAMING) {
                n++;
            }
        }
        return n;
    }

    /** The seed's {@code total_ticks_received}: market-data events over all connections. */
    public long totalTicksReceived() {
        long n = 0;
        for (ConnectionHealth health : connections.values()) {
            n += health.feed().marketDataEvents();
        }
        return n;
    }

    /** The seed's {@code total_errors}. */
    public long totalErrors() {
        long n = 0;
        for (ConnectionHealth health : connections.values()) {
            n += health.errorCount();
        }
        return n;
    }

    /** {@link #totalErrors()} by kind over all connections, every kind present (see {@link ConnectionHealth#errorsByKind()}). */
    public Map<String, Long> errorsByKind() {
        Map<String, Long> total = new java.util.LinkedHashMap<>();
        for (ConnectionHealth health : connections.values()) {
            health.errorsByKind().forEach((kind, n) -> total.merge(kind, n, Long::sum));
        }
        return total;
    }

    /** Events received but never delivered to consumers, over all connections and consumers. */
    public long totalDropped() {
        long n = 0;
        for (ConnectionHealth health : connections.values()) {
            n += health.feed().droppedTotal();
        }
        for (ConsumerStats consumer : consumers) {
            n += consumer.droppedEvents();
        }
        return n;
    }
}
