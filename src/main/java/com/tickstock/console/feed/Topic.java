package com.tickstock.console.feed;

import java.util.Locale;

/**
 * One subscription item, {@code PREFIX.TICKER} on the wire ({@code T.AAPL}, {@code AM.NVDA},
 * {@code T.*} for every ticker).
 */
public record Topic(EventType type, String ticker) {

    public static final String WILDCARD = "*";

    public Topic {
        if (type == null || type == EventType.STATUS) {
            throw new IllegalArgumentException("a topic needs a market-data event type, not " + type);
        }
        if (ticker == null || ticker.isBlank() || ticker.contains(",") || ticker.contains(" ")) {
            throw new IllegalArgumentException("bad ticker in topic: '" + ticker + "'");
        }
        ticker = ticker.toUpperCase(Locale.ROOT);
    }

    public static Topic of(EventType type, String ticker) {
        return new Topic(type, ticker);
    }

    /** Parses {@code PREFIX.TICKER}; throws {@link IllegalArgumentException} naming the bad item. */
    public static Topic parse(String item) {
        String trimmed = item == null ? "" : item.trim();
        int dot = trimmed.indexOf('.');
        if (dot <= 0 || dot == trimmed.length() - 1) {
            throw new IllegalArgumentException("not a PREFIX.TICKER topic: '" + item + "'");
        }
        EventType type = EventType.fromWire(trimmed.substring(0, dot));
        if (type == null || type == EventType.STATUS) {
            throw new IllegalArgumentException("unknown topic prefix in '" + item + "'");
        }
        return new Topic(type, trimmed.substring(dot + 1));
    }

    public boolean isWildcard() {
        return WILDCARD.equals(ticker);
    }

    /** The wire form, e.g. {@code T.AAPL}. */
    public String wire() {
        return type.wireName() + "." + ticker;
    }

    @Override
    public String toString() {
        return wire();
    }
}
