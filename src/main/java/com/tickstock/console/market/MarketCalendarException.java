package com.tickstock.console.market;

/** The calendar overrides file cannot be used; the message names the file, the line and the value. */
public final class MarketCalendarException extends Exception {

    private static final long serialVersionUID = 1L;

    public MarketCalendarException(String message) {
        super(message);
    }

    public MarketCalendarException(String message, Throwable cause) {
        super(message, cause);
    }
}
