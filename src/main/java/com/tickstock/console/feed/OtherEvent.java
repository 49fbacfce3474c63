package com.tickstock.console.feed;

/**
 * A known market-data event the console counts but does not model field by field:
 * {@code LULD} and {@code NOI} (ticker in {@code T}) and {@code FMV} (ticker in {@code sym}).
 *
 * @param type      LULD, IMBALANCE or FAIR_MARKET_VALUE
 * @param symbol    the ticker
 * @param timestamp {@code t} as sent (NOI sends nanoseconds, the others milliseconds), 0 when absent
 */
public record OtherEvent(EventType type, String symbol, long timestamp) implements FeedEvent {

    public OtherEvent {
        if (type != EventType.LULD && type != EventType.IMBALANCE && type != EventType.FAIR_MARKET_VALUE) {
            throw new IllegalArgumentException("not an 'other' event type: " + type);
        }
    }
}
