package com.tickstock.console.ui;

import com.tickstock.console.feed.Bar;
import com.tickstock.console.feed.EventBatch;
import com.tickstock.console.feed.FeedEvent;
import com.tickstock.console.feed.Quote;
import com.tickstock.console.feed.Trade;
import com.tickstock.console.manager.TickConsumer;
import com.tickstock.console.manager.TickerLast;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest market picture per ticker, kept for displays that pull it at their own pace: a
 * {@link TickConsumer.Delivery#DIRECT DIRECT} consumer that costs a map lookup and a few field
 * writes per event under one uncontended CAS, never a lock or an allocation once a ticker has been seen.
 *
 * <p>Threads: {@link #onTicks} runs on up to three connection dispatch threads at once. A ticker
 * is routed to exactly one connection, so each {@link TickerState} has one writer at a time (during
 * a move both connections may deliver for a moment; the state's seqlock then lets them take turns).
 * Readers (the UI's pulse, exports, tests) take a {@link TickerState#view()}: the values of one
 * ticker between two of its events, never a mix of two.
 */
public final class TickerBoard implements TickConsumer {

    /** Price history points kept per ticker. */
    public static final int HISTORY_POINTS = 120;
    /** One history point per this many milliseconds of feed time (120 × 0.5 s = the last minute). */
    public static final long HISTORY_SAMPLE_MILLIS = 500;

    private final ConcurrentHashMap<String, TickerState> tickers = new ConcurrentHashMap<>();

    @Override
    public void onTicks(EventBatch batch) {
        String connectionId = batch.connectionId();
        long now = batch.receivedMillis();
        List<FeedEvent> events = batch.events();
        for (int i = 0, n = events.size(); i < n; i++) {
            FeedEvent event = events.get(i);
            TickerState state = stateFor(event.symbol());
            if (event instanceof Trade) {
                state.onTrade((Trade) event, connectionId, now);
            } else if (event instanceof Quote) {
                state.onQuote((Quote) event, connectionId, now);
            } else if (event instanceof Bar) {
                state.onBar((Bar) event, connectionId, now);
            }
        }
    }

    /**
     * Fills tickers from a feeder's last values (an attached console): on the thread that registers the board,
     * before or while ticks arrive; each state takes it under its own write lock like an event.
     */
    @Override
    public void onLastValues(Collection<TickerLast> values) {
        long now = System.currentTimeMillis();
        for (TickerLast last : values) {
            stateFor(last.symbol()).onLastValues(last, now);
        }
    }

    @Override
    public void onReset() {
        tickers.clear();
    }

    private TickerState stateFor(String symbol) {
        TickerState state = tickers.get(symbol);
        if (state == null) {
            state = tickers.computeIfAbsent(symbol, TickerState::new);
        }
        return state;
    }

    /** The live state of one ticker, or {@code null} when no event for it has arrived yet. */
    public TickerState get(String ticker) {
        return tickers.get(ticker);
    }

    /** Every ticker seen so far (live objects; iterate freely, the view is weakly consistent). */
    public Collection<TickerState> all() {
        return Collections.unmodifiableCollection(tickers.values());
    }

    /** Live states of the tickers last delivered by {@code connectionId}. */
    public List<TickerState> ofConnection(String connectionId) {
        List<TickerState> out = new ArrayList<>();
        for (TickerState state : tickers.values()) {
            if (connectionId.equals(state.connectionId())) {
                out.add(state);
            }
        }
        return out;
    }

    /** An immutable copy of every ticker, e.g. for export or tests. */
    public List<TickerView> snapshot() {
        List<TickerView> out = new ArrayList<>(tickers.size());
        for (TickerState state : tickers.values()) {
            out.add(state.view());
        }
        return out;
    }

    /** Forgets a ticker (after an unsubscribe), so a display stops showing it. */
    public void forget(String ticker) {
        tickers.remove(ticker);
    }

    public int size() {
        return tickers.size();
    }
}
