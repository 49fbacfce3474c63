package com.tickstock.console.ui;

/**
 * A price cell's value: the price and which way it just moved, so one property change both
 * redraws the number and starts (or ends) the up/down flash.
 *
 * @param price     the price, NaN when none yet
 * @param direction +1 up, -1 down, 0 no flash
 */
record PriceValue(double price, int direction) implements Comparable<PriceValue> {

    static final PriceValue NONE = new PriceValue(Double.NaN, 0);

    String text() {
        return Formats.price(price);
    }

    @Override
    public int compareTo(PriceValue other) {
        return Double.compare(price, other.price);
    }
}
