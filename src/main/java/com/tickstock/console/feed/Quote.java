package com.tickstock.console.feed;

import java.util.List;

/**
 * An NBBO quote ({@code ev = "Q"}). Sizes are in round lots, as sent.
 *
 * @param condition    {@code c}, 0 when absent
 * @param indicators   {@code i}, empty when absent
 * @param sipTimestamp {@code t}, epoch milliseconds
 * @param sequence     {@code q}, 0 when absent
 * @param tape         {@code z}, 0 when absent
 */
public record Quote(String symbol, int bidExchange, double bidPrice, long bidSize,
                    int askExchange, double askPrice, long askSize, int condition,
                    List<Integer> indicators, long sipTimestamp, long sequence, int tape)
        implements FeedEvent {

    public Quote {
        indicators = indicators == null ? List.of() : List.copyOf(indicators);
    }

    @Override
    public EventType type() {
        return EventType.QUOTE;
    }

    /** Bid/ask midpoint, the price the seed system republished for quotes. */
    public double midPrice() {
        return (bidPrice + askPrice) / 2.0;
    }
}
