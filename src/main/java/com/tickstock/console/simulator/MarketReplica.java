package com.tickstock.console.simulator;

import com.tickstock.console.feed.EventType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The market one connection sees. Each connection drives its own replica at its own pace, so a
 * slow client slows only itself (blocking sends are the backpressure) and a bar can be built from
 * exactly the trades that connection was sent.
 *
 * <p>Only symbols with a subscribed T, Q, A or AM topic are simulated. Trades are generated when
 * T, A or AM is subscribed (bars need the trades even when the client does not take them), quotes
 * only when Q is.
 *
 * <p>Threads: used only by the owning connection's sender thread.
 */
final class MarketReplica {

    /** Share of quotes when a symbol has both trades and quotes: quotes outnumber trades about 3:1 on the SIP. */
    private static final double QUOTE_SHARE = 0.75;

    private final SymbolUniverse universe;
    private final long seed;
    private final SequenceBook sequences;
    private final SentCounters connectionCounters;
    private final SentCounters totals;
    private final SplittableRandom chooser;
    /** {@link SimulatorConfig#pacedBars()}: every step sends one event, bars included; no window is flushed. */
    private final boolean pacedBars;
    private final Map<String, SymbolTape> tapes = new HashMap<>();
    private final List<SymbolTape> withOpenWindows = new ArrayList<>();

    private SymbolTape[] active = new SymbolTape[0];
    private double[] cumulativeWeight = new double[0];
    private long nextBarDue = Long.MAX_VALUE;
    private long lastClock;

    MarketReplica(SymbolUniverse universe, long seed, SequenceBook sequences,
                  SentCounters connectionCounters, SentCounters totals) {
        this(universe, seed, sequences, connectionCounters, totals, false);
    }

    MarketReplica(SymbolUniverse universe, long seed, SequenceBook sequences,
                  SentCounters connectionCounters, SentCounters totals, boolean pacedBars) {
        this.pacedBars = pacedBars;
        this.universe = universe;
        this.seed = seed;
        this.sequences = sequences;
        this.connectionCounters = connectionCounters;
        this.totals = totals;
        this.chooser = new SplittableRandom(seed);
    }

    /** Wall-clock ms, never going backwards, so SIP times and bar windows only move forward. */
    long clock(long wallMillis) {
        lastClock = Math.max(lastClock, wallMillis);
        return lastClock;
    }

    /** Recomputes which symbols are simulated and what is sent, after any subscription change. */
    void applyInterest(Subscriptions subs, TopicPolicy policy) {
        for (SymbolTape tape : tapes.values()) {
            tape.sendTrades = false;
            tape.sendQuotes = false;
            tape.sendSecondBars = false;
            tape.sendMinuteBars = false;
        }
        mark(subs, policy, EventType.TRADE);
        mark(subs, policy, EventType.QUOTE);
        mark(subs, policy, EventType.SECOND_BAR);
        mark(subs, policy, EventType.MINUTE_BAR);

        List<SymbolTape> list = new ArrayList<>();
        for (SymbolUniverse.Listing l : universe.listings()) {
            SymbolTape tape = tapes.get(l.symbol());
            if (tape != null && tape.active()) {
                list.add(tape);
            }
        }
        // Tickers outside the table follow, in name order, so a seed still replays the same market.
        tapes.values().stream()
                .filter(tape -> tape.active() && tape.listing.index() < 0)
                .sorted(java.util.Comparator.comparing(tape -> tape.listing.symbol()))
                .forEach(list::add);
        active = list.toArray(new SymbolTape[0]);
        cumulativeWeight = new double[active.length];
        double run = 0;
        for (int i = 0; i < active.length; i++) {
            run += active[i].listing.weight();
            cumulativeWeight[i] = run;
        }
    }

    private void mark(Subscriptions subs, TopicPolicy policy, EventType type) {
        String prefix = type.wireName();
        if (subs.hasWildcard(prefix)) {
            for (SymbolUniverse.Listing l : universe.listings()) {
                if (!policy.denies(prefix, l.symbol())) {
                    enable(tape(l), type);
                }
            }
        }
        for (String ticker : subs.tickers(prefix)) {
            SymbolUniverse.Listing l = universe.find(ticker);
            if (l != null && !policy.denies(prefix, ticker)) {
                enable(tape(l), type);
            }
        }
    }

    private static void enable(SymbolTape tape, EventType type) {
        switch (type) {
            case TRADE -> tape.sendTrades = true;
            case QUOTE -> tape.sendQuotes = true;
            case SECOND_BAR -> tape.sendSecondBars = true;
            case MINUTE_BAR -> tape.sendMinuteBars = true;
            default -> throw new IllegalArgumentException(type.toString());
        }
    }

    private SymbolTape tape(SymbolUniverse.Listing listing) {
        return tapes.computeIfAbsent(listing.symbol(),
                s -> new SymbolTape(listing, seed, sequences, connectionCounters, totals));
    }

    /** Whether any symbol is simulated. */
    boolean isActive() {
        return active.length > 0;
    }

    /** Epoch ms at which the earliest open bar window ends, {@link Long#MAX_VALUE} if none. */
    long nextBarDue() {
        return nextBarDue;
    }

    /** Whether a bar window ended at or before {@code now} and still awaits its flush. */
    boolean barsDue(long now) {
        return nextBarDue <= now;
    }

    /**
     * Writes the bars of every window that ended at or before {@code now} into the frame, until the
     * frame holds {@code capacity} events; what does not fit stays due for the next frame.
     */
    void flushDueBars(long now, FrameBuilder frame, int capacity) {
        if (nextBarDue > now) {
            return;
        }
        long nextDue = Long.MAX_VALUE;
        int i = 0;
        while (i < withOpenWindows.size()) {
            SymbolTape tape = withOpenWindows.get(i);
            boolean full = frame.size() >= capacity;
            if (!full && tape.second.isOpen() && tape.second.end() <= now) {
                if (tape.sendSecondBars) {
                    frame.bar(EventType.SECOND_BAR, tape, tape.second);
                }
                tape.second.reset();
                full = frame.size() >= capacity;
            }
            if (!full && tape.minute.isOpen() && tape.minute.end() <= now) {
                if (tape.sendMinuteBars) {
                    frame.bar(EventType.MINUTE_BAR, tape, tape.minute);
                }
                tape.minute.reset();
            }
            if (!tape.second.isOpen() && !tape.minute.isOpen()) {
                tape.hasOpenWindows = false;
                int last = withOpenWindows.size() - 1;
                withOpenWindows.set(i, withOpenWindows.get(last));
                withOpenWindows.remove(last);
                continue;
            }
            if (tape.second.isOpen()) {
                nextDue = Math.min(nextDue, tape.second.end());
            }
            if (tape.minute.isOpen()) {
                nextDue = Math.min(nextDue, tape.minute.end());
            }
            i++;
        }
        nextBarDue = nextDue;
    }

    /**
     * Generates one trade or quote at {@code now} for a symbol drawn by activity weight. The caller
     * has flushed every due bar first, so a trade always lands in its symbol's current window.
     */
    void step(long now, FrameBuilder frame) {
        if (active.length == 0) {
            return;
        }
        double u = chooser.nextDouble() * cumulativeWeight[cumulativeWeight.length - 1];
        int idx = Arrays.binarySearch(cumulativeWeight, u);
        idx = idx >= 0 ? Math.min(idx + 1, active.length - 1) : -idx - 1;
        SymbolTape tape = active[Math.min(idx, active.length - 1)];
        boolean quote;
        if (tape.generatesTrades() && tape.generatesQuotes()) {
            quote = chooser.nextDouble() < QUOTE_SHARE;
        } else {
            quote = tape.generatesQuotes();
        }
        if (quote) {
            tape.quote(now, frame);
            return;
        }
        if (pacedBars) {
            // The bar goes out with this step, so the window is never on the flush list (nextBarDue stays unset).
            tape.pacedTrade(now, frame, pacedType(tape));
            return;
        }
        boolean hadWindows = tape.hasOpenWindows;
        tape.trade(now, frame);
        if (!hadWindows) {
            withOpenWindows.add(tape);
        }
        nextBarDue = Math.min(nextBarDue, tape.second.end());
    }

    /** With paced bars, which of the symbol's subscribed T, A and AM this step sends: evenly drawn. */
    private EventType pacedType(SymbolTape tape) {
        EventType[] kinds = new EventType[3];
        int n = 0;
        if (tape.sendTrades) {
            kinds[n++] = EventType.TRADE;
        }
        if (tape.sendSecondBars) {
            kinds[n++] = EventType.SECOND_BAR;
        }
        if (tape.sendMinuteBars) {
            kinds[n++] = EventType.MINUTE_BAR;
        }
        return n == 1 ? kinds[0] : kinds[chooser.nextInt(n)];
    }
}
