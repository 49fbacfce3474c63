package com.tickstock.console.republish;

import com.tickstock.console.feed.Bar;
import com.tickstock.console.feed.EventType;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.Quote;
import com.tickstock.console.feed.Trade;

import java.nio.charset.StandardCharsets;

/**
 * Maps a tick to the seed's Redis message and decides what counts as a tick.
 *
 * <p>Message: {@code {"type":"market_tick","symbol":"AAPL","price":187.12,"volume":100,
 * "timestamp":1705853696.123,"source":"massive","event_type":"T","connection_id":"connection_1"}}, then per type:
 * <ul>
 *   <li>T: price {@code p}, volume {@code s}, timestamp {@code t}/1000; no extra fields.</li>
 *   <li>Q: price is the bid/ask midpoint; volume is 0 because a quote trades nothing (adding the sizes would
 *       inflate every volume aggregate downstream); extra {@code bid}, {@code ask}, {@code bid_size},
 *       {@code ask_size} (round lots, as sent).</li>
 *   <li>A/AM: price {@code c}, volume {@code v}, timestamp {@code e}/1000 (window end); extra {@code open},
 *       {@code high}, {@code low}, {@code close}, {@code vwap} ({@code vw}), {@code day_vwap} ({@code a}),
 *       {@code window_start} ({@code s}/1000).</li>
 * </ul>
 * Status events are not ticks. Neither are LULD, NOI and FMV: the feed model carries no price for them (FMV's
 * {@code fmv} is not decoded into {@code OtherEvent}), and a market_tick without a price would break the
 * consumers' contract; they are counted as ignored.
 *
 * <p>Not thread-safe: one instance per publisher thread. The static checks are safe from any thread.
 */
final class TickEncoder {

    /** 2100-01-01T00:00:00Z: later "milliseconds" are micro- or nanoseconds sent in the wrong field. */
    static final long MAX_TIMESTAMP_MILLIS = 4_102_444_800_000L;

    private static final byte[] TYPE = ascii("{\"type\":\"market_tick\",\"symbol\":");
    private static final byte[] PRICE = ascii(",\"price\":");
    private static final byte[] VOLUME = ascii(",\"volume\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");
    private static final byte[] SOURCE_EVENT_TYPE = ascii(",\"source\":\"massive\",\"event_type\":");
    private static final byte[] CONNECTION_ID = ascii(",\"connection_id\":");
    private static final byte[] EV_TRADE = ascii("\"T\"");
    private static final byte[] EV_QUOTE = ascii("\"Q\"");
    private static final byte[] EV_SECOND = ascii("\"A\"");
    private static final byte[] EV_MINUTE = ascii("\"AM\"");
    private static final byte[] BID = ascii(",\"bid\":");
    private static final byte[] ASK = ascii(",\"ask\":");
    private static final byte[] BID_SIZE = ascii(",\"bid_size\":");
    private static final byte[] ASK_SIZE = ascii(",\"ask_size\":");
    private static final byte[] OPEN = ascii(",\"open\":");
    private static final byte[] HIGH = ascii(",\"high\":");
    private static final byte[] LOW = ascii(",\"low\":");
    private static final byte[] CLOSE = ascii(",\"close\":");
    private static final byte[] VWAP = ascii(",\"vwap\":");
    private static final byte[] DAY_VWAP = ascii(",\"day_vwap\":");
    private static final byte[] WINDOW_START = ascii(",\"window_start\":");

    private TickEncoder() {
    }

    /** Trades, quotes and bars are ticks; status, LULD, NOI and FMV events are not. */
    static boolean isTick(FeedEvent event) {
        return event instanceof Trade || event instanceof Quote || event instanceof Bar;
    }

    /**
     * The seed's drop rules: price not positive (or not finite), negative volume, empty ticker, or a timestamp
     * that is not a plausible epoch millisecond. A quote needs both sides, since a one-sided midpoint is half a
     * price, not a price. Call only for {@link #isTick ticks}.
     */
    static boolean isValid(FeedEvent event) {
        String symbol = event.symbol();
        if (symbol == null || symbol.isBlank()) {
            return false;
        }
        if (event instanceof Trade) {
            Trade t = (Trade) event;
            return positive(t.price()) && t.size() >= 0 && plausible(t.sipTimestamp());
        }
        if (event instanceof Quote) {
            Quote q = (Quote) event;
            return positive(q.bidPrice()) && positive(q.askPrice()) && q.bidSize() >= 0 && q.askSize() >= 0
                    && plausible(q.sipTimestamp());
        }
        if (event instanceof Bar) {
            Bar b = (Bar) event;
            return positive(b.close()) && b.volume() >= 0 && plausible(b.endTimestamp());
        }
        return false;
    }

    /** Appends the message for one valid tick. */
    static void write(JsonBytes out, FeedEvent event, String connectionId) {
        out.raw(TYPE).string(event.symbol());
        if (event instanceof Trade) {
            Trade t = (Trade) event;
            common(out, t.price(), t.size(), t.sipTimestamp(), EV_TRADE, connectionId);
        } else if (event instanceof Quote) {
            Quote q = (Quote) event;
            common(out, q.midPrice(), 0, q.sipTimestamp(), EV_QUOTE, connectionId);
            out.raw(BID).number(q.bidPrice()).raw(ASK).number(q.askPrice())
                    .raw(BID_SIZE).number(q.bidSize()).raw(ASK_SIZE).number(q.askSize());
        } else {
            Bar b = (Bar) event;
            common(out, b.close(), b.volume(), b.endTimestamp(),
                    b.type() == EventType.SECOND_BAR ? EV_SECOND : EV_MINUTE, connectionId);
            out.raw(OPEN).number(b.open()).raw(HIGH).number(b.high()).raw(LOW).number(b.low())
                    .raw(CLOSE).number(b.close()).raw(VWAP).number(b.vwap()).raw(DAY_VWAP).number(b.dayVwap())
                    .raw(WINDOW_START).epochSeconds(b.startTimestamp());
        }
        out.raw((byte) '}');
    }

    private static void common(JsonBytes out, double price, long volume, long millis, byte[] eventType,
                               String connectionId) {
        out.raw(PRICE).number(price).raw(VOLUME).number(volume).raw(TIMESTAMP).epochSeconds(millis)
                .raw(SOURCE_EVENT_TYPE).raw(eventType).raw(CONNECTION_ID).recurringString(connectionId);
    }

    private static boolean positive(double price) {
        return price > 0 && price < Double.POSITIVE_INFINITY;
    }

    private static boolean plausible(long millis) {
        return millis > 0 && millis <= MAX_TIMESTAMP_MILLIS;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
