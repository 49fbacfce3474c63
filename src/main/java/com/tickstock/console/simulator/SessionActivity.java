package com.tickstock.console.simulator;

import com.tickstock.console.market.MarketCalendar;
import com.tickstock.console.market.MarketSession;
import com.tickstock.console.market.TradingDay;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * How busy the simulated market is at a market instant, as a share of the configured rate: the whole rate in the
 * burst of the first minutes after the open, about a third through the rest of regular hours, a trickle in the
 * pre-market and after hours, nothing while closed. Without a calendar, the whole rate at any hour.
 *
 * <p>Threads: one per connection, used only by its sender thread (it carries the fractional remainder).
 */
final class SessionActivity {

    static final double OPEN_BURST = 1.0;
    static final double REGULAR = 0.35;
    static final double PRE = 0.05;
    static final double AFTER = 0.08;
    /** How long the burst at the open lasts, in market time. */
    static final LocalTime BURST_ENDS = TradingDay.REGULAR_OPEN.plusMinutes(15);

    private final MarketCalendar calendar;
    private double carry;

    SessionActivity(MarketCalendar calendar) {
        this.calendar = calendar;
    }

    /** The share of the rate traded at {@code marketMillis}. */
    double share(long marketMillis) {
        if (calendar == null) {
            return 1;
        }
        ZonedDateTime t = Instant.ofEpochMilli(marketMillis).atZone(MarketCalendar.NEW_YORK);
        MarketSession session = calendar.day(t.toLocalDate()).sessionAt(t.toLocalTime());
        switch (session) {
            case PRE:
                return PRE;
            case REGULAR:
                return t.toLocalTime().isBefore(BURST_ENDS) ? OPEN_BURST : REGULAR;
            case AFTER:
                return AFTER;
            default:
                return 0;
        }
    }

    /** Of {@code granted} events the rate allows now, how many the market trades at {@code marketMillis}. */
    int steps(int granted, long marketMillis) {
        double share = share(marketMillis);
        if (share >= 1) {
            return granted;
        }
        double exact = granted * share + carry;
        int whole = (int) exact;
        carry = exact - whole;
        return whole;
    }
}
