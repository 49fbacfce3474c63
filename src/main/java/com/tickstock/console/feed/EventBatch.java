package com.tickstock.console.feed;

import java.util.List;

/**
 * The market-data events of one received frame, handed from the socket thread to consumers in
 * one piece: one hand-off per frame instead of per event keeps the socket thread cheap.
 *
 * @param connectionId   the connection that received it
 * @param events         the frame's market-data events in wire order (status events are not included)
 * @param receivedMillis wall-clock time the frame was received
 */
public record EventBatch(String connectionId, List<FeedEvent> events, long receivedMillis) {

    public EventBatch {
        events = List.copyOf(events);
    }
}
