package com.tickstock.console.manager;

import com.tickstock.console.feed.Bar;
import com.tickstock.console.feed.Quote;
import com.tickstock.console.feed.Trade;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One ticker's latest values on the {@link TickerBoard}.
 *
 * <p>Threads: written only by the dispatch thread of the connection that carries the ticker
 * (plain field writes, then a release store of {@link #version}); read by any thread, which
 * acquires {@link #version} first. The fields are plain because a volatile store per field
 * would cost a fence per field per event on the hot path; the release/acquire pair on the
 * version is enough for a reader to see everything written before it.
 */
public final class TickerState {

    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(TickerState.class, "version", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String symbol;
    @SuppressWarnings("unused") // accessed through VERSION
    private long version;
    private String connectionId = "";
    private double lastPrice = Double.NaN;
    private double referencePrice = Double.NaN;
    private long lastSize;
    private long lastTradeMillis;
    private long lastSequence;
    private double bid = Double.NaN;
    private double ask = Double.NaN;
    private double barClose = Double.NaN;
    private long barVolume;
    private long barEndMillis;
    private long volume;
    private long ticks;
    private long lastUpdateMillis;
    // History ring: head is the next slot to write, samples counts every point ever written.
    private final double[] history = new double[TickerBoard.HISTORY_POINTS];
    private long samples;
    private long nextSampleMillis;
    // A feed subscribed to bars only has no trades: the bar close stands in as the price until a trade comes.
    private boolean tradeSeen;

    TickerState(String symbol) {
        this.symbol = symbol;
    }

    void onTrade(Trade trade, String connection, long now) {
        if (!tradeSeen) {
            tradeSeen = true;
            referencePrice = Double.NaN;
        }
        price(trade.price(), now);
        lastSize = trade.size();
        lastTradeMillis = trade.sipTimestamp();
        lastSequence = trade.sequence();
        volume += trade.size();
        touch(connection, now);
    }

    private void price(double price, long now) {
        if (Double.isNaN(referencePrice)) {
            referencePrice = price;
        }
        lastPrice = price;
        if (now >= nextSampleMillis) {
            history[(int) (samples % history.length)] = price;
            samples++;
            nextSampleMillis = now + TickerBoard.HISTORY_SAMPLE_MILLIS;
        }
    }

    void onQuote(Quote quote, String connection, long now) {
        bid = quote.bidPrice();
        ask = quote.askPrice();
        touch(connection, now);
    }

    void onBar(Bar bar, String connection, long now) {
        barClose = bar.close();
        barVolume = bar.volume();
        barEndMillis = bar.endTimestamp();
        if (!tradeSeen) {
            price(bar.close(), now);
            volume += bar.volume();
        }
        touch(connection, now);
    }

    private void touch(String connection, long now) {
        // Compare by identity first: the batch hands the same String object every time.
        if (connectionId != connection) {
            connectionId = connection;
        }
        ticks++;
        lastUpdateMillis = now;
        VERSION.setRelease(this, (long) VERSION.get(this) + 1);
    }

    /** Increases with every event; a reader that saw the same version has nothing new to show. */
    public long version() {
        return (long) VERSION.getAcquire(this);
    }

    public String symbol() {
        return symbol;
    }

    public String connectionId() {
        version();
        return connectionId;
    }

    /** Last trade price; the last bar close while no trade has been seen (bar-only feeds). NaN before either. */
    public double lastPrice() {
        version();
        return lastPrice;
    }

    public double referencePrice() {
        version();
        return referencePrice;
    }

    public long lastSize() {
        version();
        return lastSize;
    }

    /** SIP time of the last trade, epoch milliseconds. */
    public long lastTradeMillis() {
        version();
        return lastTradeMillis;
    }

    public long lastSequence() {
        version();
        return lastSequence;
    }

    public double bid() {
        version();
        return bid;
    }

    public double ask() {
        version();
        return ask;
    }

    public double barClose() {
        version();
        return barClose;
    }

    public long barVolume() {
        version();
        return barVolume;
    }

    public long barEndMillis() {
        version();
        return barEndMillis;
    }

    public long volume() {
        version();
        return volume;
    }

    public long ticks() {
        version();
        return ticks;
    }

    public long lastUpdateMillis() {
        version();
        return lastUpdateMillis;
    }

    /** Change since the reference price in percent, NaN when unknown. */
    public double changePercent() {
        version();
        return changePercent(lastPrice, referencePrice);
    }

    /** Increases whenever a history point is added: redraw a sparkline only when it moved. */
    public long historySamples() {
        version();
        return samples;
    }

    /**
     * Copies the price history, oldest first, into {@code into} (which should hold
     * {@link TickerBoard#HISTORY_POINTS}) and returns how many points were copied.
     */
    public int copyHistory(double[] into) {
        version();
        long total = samples;
        int n = (int) Math.min(Math.min(total, history.length), into.length);
        long start = total - n;
        for (int i = 0; i < n; i++) {
            into[i] = history[(int) ((start + i) % history.length)];
        }
        return n;
    }

    /** An immutable copy. */
    public TickerView view() {
        double[] points = new double[TickerBoard.HISTORY_POINTS];
        int n = copyHistory(points);
        return new TickerView(symbol, connectionId, lastPrice, referencePrice, bid, ask, barClose, volume, ticks,
                lastUpdateMillis, java.util.Arrays.copyOf(points, n));
    }

    static double changePercent(double last, double reference) {
        if (Double.isNaN(last) || Double.isNaN(reference) || reference == 0) {
            return Double.NaN;
        }
        return (last - reference) / reference * 100.0;
    }
}
