package com.tickstock.console.simulator;

/** Price rounding as quoted on US equity markets: cents at or above $1, hundredths of a cent below. */
final class Prices {

    private Prices() {
    }

    static double tick(double price) {
        return price >= 1.0 ? 0.01 : 0.0001;
    }

    /** Rounds to the tick; the result prints as a short decimal because it is the nearest double. */
    static double roundToTick(double price) {
        return price >= 1.0 ? round2(price) : round4(price);
    }

    static double floorToTick(double price) {
        return price >= 1.0 ? Math.floor(price * 100 + 1e-9) / 100.0 : Math.floor(price * 10_000 + 1e-9) / 10_000.0;
    }

    static double ceilToTick(double price) {
        return price >= 1.0 ? Math.ceil(price * 100 - 1e-9) / 100.0 : Math.ceil(price * 10_000 - 1e-9) / 10_000.0;
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
