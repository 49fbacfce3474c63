package com.tickstock.console.manager;

/**
 * An immutable copy of one ticker's state on the {@link TickerBoard}.
 *
 * @param symbol          the ticker
 * @param connectionId    the connection that delivered its last event
 * @param lastPrice       last trade price (the last bar close while no trade came), NaN before either
 * @param referencePrice  first trade price seen: change % is measured from it
 * @param bid             last quote bid, NaN before the first quote
 * @param ask             last quote ask, NaN before the first quote
 * @param barClose        last bar close, NaN before the first bar
 * @param volume          cumulative traded size since the console started
 * @param ticks           events received for it
 * @param lastUpdateMillis wall time its last event was received, 0 if none
 * @param history         sampled trade prices, oldest first
 */
public record TickerView(String symbol, String connectionId, double lastPrice, double referencePrice, double bid,
                         double ask, double barClose, long volume, long ticks, long lastUpdateMillis,
                         double[] history) {

    /** Change since the reference price in percent, NaN when unknown. */
    public double changePercent() {
        return TickerState.changePercent(lastPrice, referencePrice);
    }
}
