package com.tickstock.console.simulator;

/**
 * One open aggregate window (a second for {@code A}, a minute for {@code AM}) of one symbol:
 * exactly the trades generated in it, so the bar a client gets agrees with the trades it got.
 *
 * <p>Threads: used only by the owning connection's sender thread.
 */
final class BarWindow {

    private final long lengthMillis;
    private long start = -1;
    private double open;
    private double high;
    private double low;
    private double close;
    private long volume;
    private double notional;
    private int trades;
    private long dayVolume;
    private double dayNotional;

    BarWindow(long lengthMillis) {
        this.lengthMillis = lengthMillis;
    }

    boolean isOpen() {
        return start >= 0;
    }

    long start() {
        return start;
    }

    long end() {
        return start + lengthMillis;
    }

    /** Window start of a trade at {@code t}. */
    long startFor(long t) {
        return t - Math.floorMod(t, lengthMillis);
    }

    /** Adds a trade; the caller has flushed a window that ended before {@code t}. */
    void add(long t, double price, long size, long dayVolumeAfter, double dayNotionalAfter) {
        if (start < 0) {
            start = startFor(t);
            open = price;
            high = price;
            low = price;
            volume = 0;
            notional = 0;
            trades = 0;
        }
        high = Math.max(high, price);
        low = Math.min(low, price);
        close = price;
        volume += size;
        notional += price * size;
        trades++;
        dayVolume = dayVolumeAfter;
        dayNotional = dayNotionalAfter;
    }

    void reset() {
        start = -1;
    }

    double open() {
        return open;
    }

    double high() {
        return high;
    }

    double low() {
        return low;
    }

    double close() {
        return close;
    }

    long volume() {
        return volume;
    }

    /** Volume-weighted average price of the window, 4 decimals like the live feed. */
    double vwap() {
        return Prices.round4(notional / volume);
    }

    /** Average trade size, whole shares. */
    long averageSize() {
        return volume / trades;
    }

    int trades() {
        return trades;
    }

    /** Day volume including the window's last trade. */
    long dayVolume() {
        return dayVolume;
    }

    /** Day VWAP as of the window's last trade, 4 decimals. */
    double dayVwap() {
        return Prices.round4(dayNotional / dayVolume);
    }
}
