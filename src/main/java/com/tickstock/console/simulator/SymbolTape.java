package com.tickstock.console.simulator;

import com.tickstock.console.feed.EventType;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One symbol's market inside one connection's {@link MarketReplica}: a random-walk mid price,
 * trade ids, sequence numbers, day aggregates and the open bar windows.
 *
 * <p>The random stream is derived from the seed and the symbol only (not from creation order), so
 * two connections with the same subscriptions walk a symbol through the same prices and sizes.
 *
 * <p>Threads: used only by the owning connection's sender thread; the counter cells and sequence
 * marks it holds are shared atomics.
 */
final class SymbolTape {

    private static final double STEP_VOLATILITY = 0.00005;
    private static final double MEAN_REVERSION = 0.0005;
    private static final int[] ODD_LOT = {37};
    private static final int[] INTERMARKET_SWEEP = {14};
    private static final int[] SWEEP_AND_EXEMPT = {14, 41};
    private static final int[] TRADE_THRU_EXEMPT = {41};
    private static final int[] QUOTE_INDICATORS = {604};

    final SymbolUniverse.Listing listing;
    final String symbol;
    final int tape;
    final AtomicLongArray connectionCell;
    final AtomicLongArray totalCell;
    final BarWindow second = new BarWindow(1_000);
    final BarWindow minute = new BarWindow(60_000);
    final double officialOpen;

    private final SplittableRandom rng;
    private final AtomicLong tradeMark;
    private final AtomicLong quoteMark;
    private double mid;
    private long nextTradeId;
    private long tradeSeq;
    private long quoteSeq;
    private long dayVolume;
    private double dayNotional;

    // Interest, recomputed by the replica on every subscription change.
    boolean sendTrades;
    boolean sendQuotes;
    boolean sendSecondBars;
    boolean sendMinuteBars;
    boolean hasOpenWindows;

    SymbolTape(SymbolUniverse.Listing listing, long seed, SequenceBook sequences,
               SentCounters connection, SentCounters totals) {
        this.listing = listing;
        this.symbol = listing.symbol();
        this.tape = listing.tape();
        this.rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + symbol.hashCode());
        this.connectionCell = connection.symbolCell(symbol);
        this.totalCell = totals.symbolCell(symbol);
        this.tradeMark = sequences.mark(symbol, "T");
        this.quoteMark = sequences.mark(symbol, "Q");
        double base = listing.basePrice();
        this.mid = base;
        this.officialOpen = Prices.roundToTick(base * (1 + (rng.nextDouble() - 0.5) * 0.02));
        // The day started before this connection did: a realistic volume and VWAP so far.
        this.dayVolume = 100L * Math.max(1, Math.round(listing.weight() * 400_000 * (0.5 + rng.nextDouble())));
        this.dayNotional = dayVolume * base * (1 + (rng.nextDouble() - 0.5) * 0.01);
        this.nextTradeId = 10_000L + Math.floorMod(symbol.hashCode() * 7919L, 90_000L) * 1_000L;
    }

    boolean generatesTrades() {
        return sendTrades || sendSecondBars || sendMinuteBars;
    }

    boolean generatesQuotes() {
        return sendQuotes;
    }

    boolean active() {
        return generatesTrades() || generatesQuotes();
    }

    /** The next trade at SIP time {@code t}; written to {@code frame} when {@code T} is subscribed. */
    void trade(long t, FrameBuilder frame) {
        trade(t, frame, sendTrades ? EventType.TRADE : null);
    }

    /**
     * With paced bars ({@link SimulatorConfig#pacedBars()}): the next trade at {@code t}, and {@code send} (T, A or AM)
     * written as this step's one event; a bar is its window as it stands after the trade.
     */
    void pacedTrade(long t, FrameBuilder frame, EventType send) {
        // No flush runs in this mode: a window the clock has left is closed here, before the trade opens the next.
        if (second.isOpen() && second.end() <= t) {
            second.reset();
        }
        if (minute.isOpen() && minute.end() <= t) {
            minute.reset();
        }
        trade(t, frame, send);
    }

    /** Generates the trade into the day and both windows; writes {@code send} (null: nothing) to the frame. */
    private void trade(long t, FrameBuilder frame, EventType send) {
        walk();
        double tick = Prices.tick(mid);
        double halfSpread = Math.max(tick / 2, mid * 0.00003);
        double price = Prices.roundToTick(Math.max(tick, mid + (rng.nextDouble() * 2 - 1) * halfSpread));
        long size = tradeSize();
        int venue = Exchanges.tradeVenue(rng);
        int[] conditions = conditions(size);
        int trfId = 0;
        long trfTime = 0;
        if (venue == Exchanges.TRF) {
            trfId = Exchanges.trfId(rng);
            trfTime = t - rng.nextInt(3);
        }
        String tradeId = Long.toString(nextTradeId++);
        tradeSeq = tradeSeq == 0 ? SequenceBook.firstNumber(tradeMark, SequenceBook.base(symbol, "T")) : tradeSeq + 1;
        tradeMark.accumulateAndGet(tradeSeq, Math::max);

        dayVolume += size;
        dayNotional += price * size;
        second.add(t, price, size, dayVolume, dayNotional);
        minute.add(t, price, size, dayVolume, dayNotional);
        hasOpenWindows = true;

        if (send == EventType.TRADE) {
            frame.trade(this, venue, tradeId, price, size, conditions, t, tradeSeq, trfId, trfTime);
        } else if (send == EventType.SECOND_BAR) {
            frame.bar(EventType.SECOND_BAR, this, second);
        } else if (send == EventType.MINUTE_BAR) {
            frame.bar(EventType.MINUTE_BAR, this, minute);
        }
    }

    /** The next NBBO quote at {@code t}; bid strictly below ask, straddling the mid. */
    void quote(long t, FrameBuilder frame) {
        walk();
        double tick = Prices.tick(mid);
        double halfSpread = Math.max(tick / 2, mid * 0.00002 * (0.5 + rng.nextDouble()));
        double bid = Prices.floorToTick(Math.max(tick, mid - halfSpread));
        double ask = Prices.ceilToTick(mid + halfSpread);
        if (ask <= bid) {
            ask = Prices.roundToTick(bid + tick);
        }
        int bidVenue = Exchanges.quoteVenue(rng);
        int askVenue = Exchanges.quoteVenue(rng);
        long bidSize = 1L + rng.nextInt(30);
        long askSize = 1L + rng.nextInt(30);
        int[] indicators = rng.nextInt(10) < 3 ? QUOTE_INDICATORS : null;
        quoteSeq = quoteSeq == 0 ? SequenceBook.firstNumber(quoteMark, SequenceBook.base(symbol, "Q")) : quoteSeq + 1;
        quoteMark.accumulateAndGet(quoteSeq, Math::max);
        if (sendQuotes) {
            frame.quote(this, bidVenue, bid, bidSize, askVenue, ask, askSize, indicators, t, quoteSeq);
        }
    }

    private void walk() {
        double base = listing.basePrice();
        mid = mid * Math.exp(STEP_VOLATILITY * rng.nextGaussian()) + (base - mid) * MEAN_REVERSION;
        mid = Math.max(mid, 0.0001);
    }

    private long tradeSize() {
        int r = rng.nextInt(100);
        if (r < 45) {
            return 1L + rng.nextInt(99);
        } else if (r < 85) {
            return 100L * (1 + rng.nextInt(5));
        } else if (r < 97) {
            return 100L * (5 + rng.nextInt(20));
        }
        return 100L * (25 + rng.nextInt(100));
    }

    private int[] conditions(long size) {
        if (size < 100) {
            return ODD_LOT;
        }
        int r = rng.nextInt(100);
        if (r < 6) {
            return INTERMARKET_SWEEP;
        } else if (r < 9) {
            return SWEEP_AND_EXEMPT;
        } else if (r < 12) {
            return TRADE_THRU_EXEMPT;
        }
        return null;
    }
}
