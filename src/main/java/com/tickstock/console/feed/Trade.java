package com.tickstock.console.feed;

import java.util.List;

/**
 * A trade ({@code ev = "T"}).
 *
 * @param symbol       {@code sym}
 * @param exchange     {@code x}, exchange id
 * @param tradeId      {@code i}, the trade id as sent (a string)
 * @param tape         {@code z}: 1 NYSE, 2 AMEX, 3 Nasdaq; 0 when absent
 * @param price        {@code p}
 * @param size         {@code s}
 * @param conditions   {@code c}, empty when absent
 * @param sipTimestamp {@code t}, SIP time in epoch milliseconds
 * @param sequence     {@code q}, increasing per ticker (with gaps), 0 when absent
 * @param trfId        {@code trfi}, trade reporting facility id, 0 when absent
 * @param trfTimestamp {@code trft}, epoch milliseconds, 0 when absent
 */
public record Trade(String symbol, int exchange, String tradeId, int tape, double price, long size,
                    List<Integer> conditions, long sipTimestamp, long sequence, int trfId, long trfTimestamp)
        implements FeedEvent {

    public Trade {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    @Override
    public EventType type() {
        return EventType.TRADE;
    }
}
