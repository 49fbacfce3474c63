package com.tickstock.console.ui;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One ticker's table row. Identity is the ticker (rows are reused across pulses and moves); only
 * the cells that change are observable, and they are set from one snapshot only when the ticker's
 * version moved, so an unchanged ticker costs one volatile read per pulse.
 *
 * <p>Threads: FX thread only (created and refreshed by the pulse).
 */
public final class TickerRow {

    /** How long a price change stays highlighted. */
    static final long FLASH_MILLIS = 600;

    private final String symbol;
    private TickerState state;
    private long seenVersion = -1;
    private long flashUntil;

    private final ReadOnlyObjectWrapper<PriceValue> last = new ReadOnlyObjectWrapper<>(this, "last", PriceValue.NONE);
    private final ReadOnlyDoubleWrapper changePercent = new ReadOnlyDoubleWrapper(this, "changePercent", Double.NaN);
    private final ReadOnlyObjectWrapper<BidAsk> bidAsk = new ReadOnlyObjectWrapper<>(this, "bidAsk", BidAsk.NONE);
    private final ReadOnlyLongWrapper volume = new ReadOnlyLongWrapper(this, "volume");
    private final ReadOnlyLongWrapper ticks = new ReadOnlyLongWrapper(this, "ticks");
    private final ReadOnlyLongWrapper lastUpdate = new ReadOnlyLongWrapper(this, "lastUpdate");
    private final ReadOnlyLongWrapper ageSeconds = new ReadOnlyLongWrapper(this, "ageSeconds", -1);
    private final ReadOnlyLongWrapper historySamples = new ReadOnlyLongWrapper(this, "historySamples");

    TickerRow(String symbol) {
        this.symbol = symbol;
    }

    /**
     * Pulls the ticker's newest values from the board. Returns whether anything visible changed.
     */
    boolean refresh(TickerBoard board, long nowMillis) {
        if (state == null) {
            state = board.get(symbol);
            if (state == null) {
                return false;
            }
        }
        boolean changed = false;
        if (state.version() != seenVersion) {
            TickerView view = state.view();
            seenVersion = view.version();
            double price = view.lastPrice();
            double before = last.get().price();
            if (Double.compare(price, before) != 0) {
                int direction = Double.isNaN(before) || Double.isNaN(price) ? 0 : (price > before ? 1 : -1);
                last.set(new PriceValue(price, direction));
                flashUntil = direction == 0 ? 0 : nowMillis + FLASH_MILLIS;
            }
            changePercent.set(view.changePercent());
            BidAsk quote = new BidAsk(view.bid(), view.ask(), view.barClose());
            if (!quote.equals(bidAsk.get())) {
                bidAsk.set(quote);
            }
            volume.set(view.volume());
            ticks.set(view.ticks());
            lastUpdate.set(view.lastUpdateMillis());
            historySamples.set(view.historySamples());
            changed = true;
        }
        if (flashUntil != 0 && nowMillis >= flashUntil) {
            flashUntil = 0;
            last.set(new PriceValue(last.get().price(), 0));
        }
        ageSeconds.set(ageSeconds(lastUpdate.get(), nowMillis));
        return changed;
    }

    /**
     * Whole wall-clock seconds between the update and now: "3 s" means it came in the second that began 3 s
     * before the current one. Counted this way every row's age moves in the same refresh, the first after a
     * second begins, instead of each row at its own phase in a different refresh: an idle window repaints its
     * tables for ages once a second, not at every refresh. -1 before the first update.
     */
    static long ageSeconds(long updatedMillis, long nowMillis) {
        return updatedMillis <= 0 ? -1 : Math.max(0, Math.floorDiv(nowMillis, 1000) - Math.floorDiv(updatedMillis, 1000));
    }

    /**
     * The quote cell's value. Kept as numbers and formatted by the cell, so only the rows on
     * screen pay for formatting.
     */
    record BidAsk(double bid, double ask, double barClose) {
        static final BidAsk NONE = new BidAsk(Double.NaN, Double.NaN, Double.NaN);

        /**
         * "bid/ask", or "—" before the first quote: the bar close is already the Last price then,
         * and repeating it here made this the widest column when only bars are subscribed.
         */
        String text() {
            return Double.isNaN(bid) ? Formats.NONE : Formats.price(bid) + "/" + Formats.price(ask);
        }
    }

    public String getSymbol() {
        return symbol;
    }

    /** The live board entry, or {@code null} before the first event (for sparklines and details). */
    TickerState state() {
        return state;
    }

    public ReadOnlyObjectProperty<PriceValue> lastProperty() {
        return last.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty changePercentProperty() {
        return changePercent.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<BidAsk> bidAskProperty() {
        return bidAsk.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty volumeProperty() {
        return volume.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty ticksProperty() {
        return ticks.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty ageSecondsProperty() {
        return ageSeconds.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty historySamplesProperty() {
        return historySamples.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return "TickerRow[" + symbol + "]";
    }
}
