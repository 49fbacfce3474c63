package com.tickstock.console.feed;

import java.util.List;

/**
 * The market-data events of one received frame, handed from the socket thread to consumers in
 * one piece: one hand-off per frame instead of per event keeps the socket thread cheap.
 *
 * @param connectionId   the connection that received it
 * @param events         the frame's market-data events in wire order (status events are not included)
 * @param receivedMillis wall-clock time the frame was received
 * @param receivedNanos  {@link System#nanoTime()} when the frame was received, so consumers can measure how
 *                       long a tick took from the socket to them (e.g. receive to Redis PUBLISH)
 */
public record EventBatch(String connectionId, List<FeedEvent> events, long receivedMillis, long receivedNanos) {

    public EventBatch {
        events = List.copyOf(events);
    }

    /** A batch received now, by the monotonic clock; for producers that only know the wall-clock time. */
    public EventBatch(String connectionId, List<FeedEvent> events, long receivedMillis) {
        this(connectionId, events, receivedMillis, System.nanoTime());
    }
}
