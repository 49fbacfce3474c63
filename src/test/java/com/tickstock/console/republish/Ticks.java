package com.tickstock.console.republish;

import com.tickstock.console.feed.Bar;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.Quote;
import com.tickstock.console.feed.Trade;

import java.util.List;

/** Feed events for tests, with only the fields the republisher reads set to meaningful values. */
final class Ticks {

    /** 2024-01-21T16:14:56.123Z, the seed's example timestamp. */
    static final long T0 = 1_705_853_696_123L;

    private Ticks() {
    }

    static Trade trade(String symbol, double price, long size, long millis) {
        return new Trade(symbol, 4, "trade-1", 3, price, size, List.of(12, 37), millis, 1, 0, 0);
    }

    /** A trade whose volume carries a sequence number, so a reader can tell every tick apart and check order. */
    static Trade numbered(long sequence) {
        return trade("SEQ", 100.25, sequence, T0 + sequence % 1000);
    }

    static Quote quote(String symbol, double bid, long bidSize, double ask, long askSize, long millis) {
        return new Quote(symbol, 11, bid, bidSize, 12, ask, askSize, 1, List.of(), millis, 2, 3);
    }

    static Bar minuteBar(String symbol, double open, double high, double low, double close, long volume,
                         double vwap, double dayVwap, long startMillis, long endMillis) {
        return new Bar(EventType.MINUTE_BAR, symbol, volume, 1_000_000, open, vwap, open, close, high, low, dayVwap,
                50, startMillis, endMillis, false);
    }
}
