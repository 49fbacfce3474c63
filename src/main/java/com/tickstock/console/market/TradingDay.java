package com.tickstock.console.market;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;

/**
 * One calendar day of the market.
 *
 * @param date         the day in America/New_York
 * @param open         whether the market trades at all that day
 * @param regularClose end of regular hours: 16:00, or 13:00 on an early-close day ({@code null} when closed)
 * @param afterClose   end of after-hours: 20:00, or 17:00 on an early-close day ({@code null} when closed)
 * @param reason       why the day is special: the holiday, "weekend", the early close; empty on an ordinary day
 */
public record TradingDay(LocalDate date, boolean open, LocalTime regularClose, LocalTime afterClose, String reason) {

    public static final LocalTime PRE_OPEN = LocalTime.of(4, 0);
    public static final LocalTime REGULAR_OPEN = LocalTime.of(9, 30);
    public static final LocalTime REGULAR_CLOSE = LocalTime.of(16, 0);
    public static final LocalTime AFTER_CLOSE = LocalTime.of(20, 0);
    public static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);
    /** After-hours trading on an early-close day runs four hours past the close, as it does on other days. */
    static final long AFTER_HOURS = 4;

    public TradingDay {
        Objects.requireNonNull(date, "date");
        reason = reason == null ? "" : reason;
    }

    static TradingDay closed(LocalDate date, String reason) {
        return new TradingDay(date, false, null, null, reason);
    }

    static TradingDay normal(LocalDate date) {
        return new TradingDay(date, true, REGULAR_CLOSE, AFTER_CLOSE, "");
    }

    static TradingDay closingAt(LocalDate date, LocalTime close, String reason) {
        return new TradingDay(date, true, close, close.plusHours(AFTER_HOURS), reason);
    }

    /** Whether regular hours end before 16:00. */
    public boolean earlyClose() {
        return open && regularClose.isBefore(REGULAR_CLOSE);
    }

    /** The session at {@code time} of this day. */
    public MarketSession sessionAt(LocalTime time) {
        if (!open || time.isBefore(PRE_OPEN) || !time.isBefore(afterClose)) {
            return MarketSession.CLOSED;
        }
        if (time.isBefore(REGULAR_OPEN)) {
            return MarketSession.PRE;
        }
        return time.isBefore(regularClose) ? MarketSession.REGULAR : MarketSession.AFTER;
    }
}
