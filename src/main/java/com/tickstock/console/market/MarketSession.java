package com.tickstock.console.market;

/** The US equities sessions, as the original system's {@code detect_market_status} named them. */
public enum MarketSession {
    /** Pre-market, 04:00–09:30 ET: thin trading. */
    PRE,
    /** Regular hours, 09:30–16:00 ET (13:00 on an early-close day). */
    REGULAR,
    /** After-hours, 16:00–20:00 ET (13:00–17:00 on an early-close day). */
    AFTER,
    /** Nights, weekends and holidays: no trading, silence expected. */
    CLOSED
}
