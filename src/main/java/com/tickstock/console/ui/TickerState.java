package com.tickstock.console.ui;

import com.tickstock.console.feed.Bar;
import com.tickstock.console.feed.Quote;
import com.tickstock.console.feed.Trade;
import com.tickstock.console.manager.TickerLast;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One ticker's latest values on the {@link TickerBoard}, read whole through {@link #view()}.
 *
 * <p>Threads: written by the dispatch thread of the connection that carries the ticker (during a
 * move, for a moment, by two); read by any thread (the UI's pulse, exports, tests). The fields are
 * plain and guarded by a seqlock on {@link #version}: a writer makes the version odd with a CAS
 * (which also keeps a second writer out), writes the fields and makes it even again with a release
 * store; a reader reads an even version, copies the fields, and keeps the copy only if the version
 * did not move meanwhile, else it reads again. So a reader never sees half an event, a lone writer
 * neither allocates nor waits (one uncontended CAS per event), and readers only retry while an
 * event is being written, which takes a few nanoseconds.
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

    /** Spins a reader or a second writer may make before it yields the core to the writer it waits for. */
    private static final int SPINS_BEFORE_YIELD = 64;

    private final String symbol;
    // Even: the fields hold one whole event. Odd: a writer is between its two stores.
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
        long writing = beginWrite();
        try {
            trade(trade, connection, now);
        } finally {
            endWrite(writing);
        }
    }

    private void trade(Trade trade, String connection, long now) {
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

    /**
     * Takes a feeder's last values. Counts and volume become the feeder's unless ticks already counted here are
     * more (the values can be up to a publishing period older than the ticks received since subscribing);
     * prices are taken only where no tick has arrived yet, since a received tick is newer than any seed.
     */
    void onLastValues(TickerLast last, long now) {
        long writing = beginWrite();
        try {
            boolean fresh = ticks == 0;
            ticks = Math.max(ticks, last.ticks());
            volume = Math.max(volume, last.volume());
            if (!fresh) {
                return;
            }
            connectionId = last.connectionId();
            if (!Double.isNaN(last.last())) {
                tradeSeen = true;
                lastPrice = last.last();
                lastSize = last.size();
                lastTradeMillis = last.tradeMillis();
            } else if (!Double.isNaN(last.barClose())) {
                lastPrice = last.barClose();
            }
            bid = last.bid();
            ask = last.ask();
            barClose = last.barClose();
            if (!Double.isNaN(lastPrice) && !Double.isNaN(last.changePercent())) {
                referencePrice = lastPrice / (1 + last.changePercent() / 100.0);
            }
            if (!Double.isNaN(lastPrice)) {
                history[(int) (samples % history.length)] = lastPrice;
                samples++;
                nextSampleMillis = now + TickerBoard.HISTORY_SAMPLE_MILLIS;
            }
            lastUpdateMillis = last.tradeMillis() > 0 ? Math.min(now, last.tradeMillis()) : now;
        } finally {
            endWrite(writing);
        }
    }

    void onQuote(Quote quote, String connection, long now) {
        long writing = beginWrite();
        try {
            bid = quote.bidPrice();
            ask = quote.askPrice();
            touch(connection, now);
        } finally {
            endWrite(writing);
        }
    }

    void onBar(Bar bar, String connection, long now) {
        long writing = beginWrite();
        try {
            bar(bar, connection, now);
        } finally {
            endWrite(writing);
        }
    }

    private void bar(Bar bar, String connection, long now) {
        barClose = bar.close();
        barVolume = bar.volume();
        barEndMillis = bar.endTimestamp();
        if (!tradeSeen) {
            price(bar.close(), now);
            volume += bar.volume();
        }
        touch(connection, now);
    }

    @SuppressWarnings("ReferenceEquality") // identity only skips a redundant write; an equal copy is written again
    private void touch(String connection, long now) {
        // Compare by identity first: the batch hands the same String object every time.
        if (connectionId != connection) {
            connectionId = connection;
        }
        ticks++;
        lastUpdateMillis = now;
    }

    /** Makes the version odd; returns that odd version. The CAS orders the field writes after it. */
    private long beginWrite() {
        int spins = 0;
        while (true) {
            long even = (long) VERSION.getOpaque(this) & ~1L;
            if (VERSION.compareAndSet(this, even, even + 1)) {
                return even + 1;
            }
            spins = backOff(spins);
        }
    }

    /** Publishes the fields written since {@link #beginWrite()}. */
    private void endWrite(long odd) {
        VERSION.setRelease(this, odd + 1);
    }

    @SuppressWarnings("ThreadPriorityCheck") // the yield is a fallback after spinning, not synchronisation (see below)
    private static int backOff(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
            return spins + 1;
        }
        // The writer we wait for was descheduled mid-event (two busy cores): let it run.
        Thread.yield();
        return 0;
    }

    /** An even version to read under; waits out a write in progress. */
    private long beginRead() {
        int spins = 0;
        while (true) {
            long v = (long) VERSION.getAcquire(this);
            if ((v & 1) == 0) {
                return v;
            }
            spins = backOff(spins);
        }
    }

    /** Whether no write started since {@code version} was read, so the plain reads since are one event. */
    private boolean stillValid(long version) {
        // Keeps the plain field reads above from moving below the version re-read (as StampedLock.validate).
        VarHandle.acquireFence();
        return (long) VERSION.getOpaque(this) == version;
    }

    /**
     * Moves with every event; a reader that saw the same version has nothing new to show (compare
     * with {@link TickerView#version()} of the last snapshot taken).
     */
    public long version() {
        return (long) VERSION.getAcquire(this) & ~1L;
    }

    public String symbol() {
        return symbol;
    }

    /**
     * The connection that delivered the last event. One reference read is always whole, so this
     * needs no snapshot (e.g. to filter tickers by connection without copying them).
     */
    public String connectionId() {
        VERSION.getAcquire(this);
        return connectionId;
    }

    /** Every value of one moment between two events (no history: see {@link #copyHistory}). */
    public TickerView view() {
        while (true) {
            long v = beginRead();
            String connection = connectionId;
            double last = lastPrice;
            double reference = referencePrice;
            long size = lastSize;
            long tradeMillis = lastTradeMillis;
            long sequence = lastSequence;
            double b = bid;
            double a = ask;
            double close = barClose;
            long barVol = barVolume;
            long barEnd = barEndMillis;
            long vol = volume;
            long count = ticks;
            long updated = lastUpdateMillis;
            long points = samples;
            if (stillValid(v)) {
                return new TickerView(symbol, v, connection, last, reference, size, tradeMillis, sequence, b, a,
                        close, barVol, barEnd, vol, count, updated, points);
            }
        }
    }

    /**
     * Copies the price history of one moment, oldest first, into {@code into} (which should hold
     * {@link TickerBoard#HISTORY_POINTS}) and returns how many points were copied. Compare
     * {@link TickerView#historySamples()} to call it only when a point was added.
     */
    public int copyHistory(double[] into) {
        while (true) {
            long v = beginRead();
            long total = samples;
            int n = (int) Math.min(Math.min(total, history.length), into.length);
            long start = total - n;
            for (int i = 0; i < n; i++) {
                into[i] = history[(int) ((start + i) % history.length)];
            }
            if (stillValid(v)) {
                return n;
            }
        }
    }

    static double changePercent(double last, double reference) {
        if (Double.isNaN(last) || Double.isNaN(reference) || reference == 0) {
            return Double.NaN;
        }
        return (last - reference) / reference * 100.0;
    }
}
