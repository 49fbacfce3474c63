package com.tickstock.console.manager;

/**
 * One ticker's last values as a feeder publishes them (the plant's {@code last} hash), for a display that must
 * show a ticker before its next tick arrives. NaN and 0 mean "not known".
 *
 * @param symbol        the ticker
 * @param connectionId  the connection that carries it
 * @param last          last trade price (or NaN)
 * @param size          last trade size
 * @param tradeMillis   last trade's SIP time, epoch ms (0 if none)
 * @param bid           bid (or NaN)
 * @param ask           ask (or NaN)
 * @param barClose      last bar's close (or NaN)
 * @param changePercent change since the first price of the session as the feeder measures it (or NaN)
 * @param ticks         market-data events counted for the ticker
 * @param volume        traded volume
 */
public record TickerLast(String symbol, String connectionId, double last, long size, long tradeMillis, double bid,
                         double ask, double barClose, double changePercent, long ticks, long volume) {
}
