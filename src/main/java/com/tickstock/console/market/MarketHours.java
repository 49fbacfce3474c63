package com.tickstock.console.market;

import java.time.Instant;
import java.util.Objects;

/**
 * The market's session now: a calendar read at a clock's time, or, for a feed that trades around the clock (or
 * a test that wants no sessions), always {@link MarketSession#REGULAR}. Immutable; safe on any thread.
 */
public final class MarketHours {

    /** The reason given when sessions are off. */
    public static final String ALWAYS_OPEN = "no market calendar (always open)";

    private final MarketCalendar calendar;
    private final MarketClock clock;

    private MarketHours(MarketCalendar calendar, MarketClock clock) {
        this.calendar = calendar;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sessions by {@code calendar} at {@code clock}'s time. */
    public static MarketHours of(MarketCalendar calendar, MarketClock clock) {
        return new MarketHours(Objects.requireNonNull(calendar, "calendar"), clock);
    }

    /** No sessions: always regular hours, never an expected silence. */
    public static MarketHours alwaysOpen(MarketClock clock) {
        return new MarketHours(null, clock);
    }

    /** Whether a calendar decides the session (else it is always regular hours). */
    public boolean followsCalendar() {
        return calendar != null;
    }

    /** The calendar, or {@code null} when always open. */
    public MarketCalendar calendar() {
        return calendar;
    }

    public MarketClock clock() {
        return clock;
    }

    /** The session now, why, and its next change. */
    public SessionStatus now() {
        return at(clock.instant());
    }

    /** The session at {@code instant}. */
    public SessionStatus at(Instant instant) {
        if (calendar == null) {
            return new SessionStatus(MarketSession.REGULAR, ALWAYS_OPEN, null, null);
        }
        return calendar.statusAt(instant);
    }

    /** The session now, without its next change (cheaper: for a check at every tick). */
    public MarketSession session() {
        return calendar == null ? MarketSession.REGULAR : calendar.sessionAt(clock.instant());
    }

    @Override
    public String toString() {
        return (calendar == null ? "always open" : "NYSE calendar") + ", " + clock;
    }
}
