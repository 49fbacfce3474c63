package com.tickstock.console.ui;

/**
 * One ticker's values at one moment between two events, as {@link TickerState#view()} read them.
 *
 * @param symbol           the ticker
 * @param version          the state's version these values belong to: unchanged means nothing new
 * @param connectionId     the connection that delivered its last event
 * @param lastPrice        last trade price (the last bar close while no trade came), NaN before either
 * @param referencePrice   first trade price seen: change % is measured from it
 * @param lastSize         size of the last trade
 * @param lastTradeMillis  SIP time of the last trade, epoch milliseconds
 * @param lastSequence     sequence number of the last trade
 * @param bid              last quote bid, NaN before the first quote
 * @param ask              last quote ask, NaN before the first quote
 * @param barClose         last bar close, NaN before the first bar
 * @param barVolume        volume of the last bar
 * @param barEndMillis     end of the last bar, epoch milliseconds
 * @param volume           cumulative traded size since the console started
 * @param ticks            events received for it
 * @param lastUpdateMillis wall time its last event was received, 0 if none
 * @param historySamples   history points ever added: redraw a sparkline only when it moved
 */
public record TickerView(String symbol, long version, String connectionId, double lastPrice, double referencePrice,
                         long lastSize, long lastTradeMillis, long lastSequence, double bid, double ask,
                         double barClose, long barVolume, long barEndMillis, long volume, long ticks,
                         long lastUpdateMillis, long historySamples) {

    /** Change since the reference price in percent, NaN when unknown. */
    public double changePercent() {
        return TickerState.changePercent(lastPrice, referencePrice);
    }
}
