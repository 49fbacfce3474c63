package com.tickstock.console.ui;

import com.tickstock.console.manager.ConsoleFeed;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The detail panel of the looked-up ticker: connection, last trade, quote, last bar, sequence
 * gaps, tick count and a larger price history.
 *
 * <p>Threads: FX thread only.
 */
final class TickerDetailViewModel {

    private final ReadOnlyBooleanWrapper showing = new ReadOnlyBooleanWrapper(this, "showing");
    private final ReadOnlyStringWrapper ticker = new ReadOnlyStringWrapper(this, "ticker", "");
    private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper(this, "connection", Formats.NONE);
    private final ReadOnlyStringWrapper lastTrade = new ReadOnlyStringWrapper(this, "lastTrade", Formats.NONE);
    private final ReadOnlyStringWrapper quote = new ReadOnlyStringWrapper(this, "quote", Formats.NONE);
    private final ReadOnlyStringWrapper bar = new ReadOnlyStringWrapper(this, "bar", Formats.NONE);
    private final ReadOnlyStringWrapper gaps = new ReadOnlyStringWrapper(this, "gaps", Formats.NONE);
    private final ReadOnlyStringWrapper ticks = new ReadOnlyStringWrapper(this, "ticks", Formats.NONE);
    private final ReadOnlyStringWrapper change = new ReadOnlyStringWrapper(this, "change", Formats.NONE);
    private final ReadOnlyLongWrapper historySamples = new ReadOnlyLongWrapper(this, "historySamples", -1);
    private final double[] history = new double[TickerBoard.HISTORY_POINTS];
    private int historyCount;

    void show(String symbol) {
        ticker.set(symbol);
        showing.set(true);
        historySamples.set(-1);
        historyCount = 0;
    }

    void clear() {
        showing.set(false);
        ticker.set("");
    }

    /** {@code owners} answers which connection carries a ticker (null: none). */
    void refresh(ConsoleFeed feed, TickerBoard board, java.util.function.UnaryOperator<String> owners) {
        if (!showing.get()) {
            return;
        }
        String symbol = ticker.get();
        String owner = owners.apply(symbol);
        if (owner == null) {
            connection.set("not subscribed");
        } else {
            connection.set(owner + " (" + feed.connectionName(owner) + ")");
            Map<String, Long> known = feed.sequenceGapsBySymbol(owner);
            Long g = known.get(symbol);
            gaps.set(known.isEmpty() ? Formats.NONE : Formats.count(g == null ? 0 : g));
        }
        TickerState state = board.get(symbol);
        if (state == null) {
            lastTrade.set("no events yet");
            return;
        }
        TickerView view = state.view();
        lastTrade.set(Double.isNaN(view.lastPrice()) ? Formats.NONE
                : Formats.price(view.lastPrice()) + " × " + view.lastSize() + " at " + Formats.clock(view.lastTradeMillis())
                + " (seq " + view.lastSequence() + ")");
        quote.set(Double.isNaN(view.bid()) ? Formats.NONE
                : Formats.price(view.bid()) + " / " + Formats.price(view.ask())
                + String.format(Locale.ROOT, "  (spread %.2f)", view.ask() - view.bid()));
        bar.set(Double.isNaN(view.barClose()) ? Formats.NONE
                : "close " + Formats.price(view.barClose()) + ", volume " + Formats.volume(view.barVolume()));
        ticks.set(Formats.count(view.ticks()) + " (volume " + Formats.volume(view.volume()) + ")");
        change.set(Formats.percent(view.changePercent()) + " since " + Formats.price(view.referencePrice()));
        long samples = view.historySamples();
        if (samples != historySamples.get()) {
            historyCount = state.copyHistory(history);
            historySamples.set(samples);
        }
    }

    double[] history() {
        return history;
    }

    int historyCount() {
        return historyCount;
    }

    ReadOnlyBooleanProperty showingProperty() {
        return showing.getReadOnlyProperty();
    }

    ReadOnlyStringProperty tickerProperty() {
        return ticker.getReadOnlyProperty();
    }

    ReadOnlyStringProperty connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    ReadOnlyStringProperty lastTradeProperty() {
        return lastTrade.getReadOnlyProperty();
    }

    ReadOnlyStringProperty quoteProperty() {
        return quote.getReadOnlyProperty();
    }

    ReadOnlyStringProperty barProperty() {
        return bar.getReadOnlyProperty();
    }

    ReadOnlyStringProperty gapsProperty() {
        return gaps.getReadOnlyProperty();
    }

    ReadOnlyStringProperty ticksProperty() {
        return ticks.getReadOnlyProperty();
    }

    ReadOnlyStringProperty changeProperty() {
        return change.getReadOnlyProperty();
    }

    ReadOnlyLongProperty historySamplesProperty() {
        return historySamples.getReadOnlyProperty();
    }
}
