package com.tickstock.console.feed;

/**
 * An aggregate bar: per second ({@code ev = "A"}) or per minute ({@code ev = "AM"}).
 *
 * @param type           {@link EventType#SECOND_BAR} or {@link EventType#MINUTE_BAR}
 * @param volume         {@code v}, volume in this bar
 * @param dayVolume      {@code av}, accumulated volume of the day
 * @param officialOpen   {@code op}, today's official open
 * @param vwap           {@code vw}, this bar's volume-weighted average price
 * @param dayVwap        {@code a}, the day's volume-weighted average price
 * @param averageSize    {@code z}, average trade size in this bar
 * @param startTimestamp {@code s}, window start, epoch milliseconds
 * @param endTimestamp   {@code e}, window end, epoch milliseconds
 * @param otc            {@code otc}, omitted on the wire when false
 */
public record Bar(EventType type, String symbol, long volume, long dayVolume, double officialOpen,
                  double vwap, double open, double close, double high, double low, double dayVwap,
                  long averageSize, long startTimestamp, long endTimestamp, boolean otc)
        implements FeedEvent {

    public Bar {
        if (type != EventType.SECOND_BAR && type != EventType.MINUTE_BAR) {
            throw new IllegalArgumentException("a bar is A or AM, not " + type);
        }
    }
}
