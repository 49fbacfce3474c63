package com.tickstock.console.market;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The US equities calendar in America/New_York: NYSE's rules ({@link NyseRules}) for any year, with overrides on
 * top. Thread-safe: the only mutable state is a cache of each year's special days, filled on first use (computing
 * a year twice from two threads is harmless, both give the same map).
 */
public final class MarketCalendar {

    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** How far ahead the next change is looked for: longer than any closure the exchange has had. */
    private static final int HORIZON_DAYS = 30;

    private final CalendarOverrides overrides;
    private final Map<Integer, YearDays> years = new ConcurrentHashMap<>();

    private record YearDays(Map<LocalDate, String> holidays, Map<LocalDate, String> earlyCloses) {
    }

    public MarketCalendar(CalendarOverrides overrides) {
        this.overrides = Objects.requireNonNull(overrides, "overrides");
    }

    /** The calendar by rule alone. */
    public static MarketCalendar nyse() {
        return new MarketCalendar(CalendarOverrides.none());
    }

    /** The trading day {@code date}: an override if there is one, else the rules. */
    public TradingDay day(LocalDate date) {
        TradingDay overridden = overrides.day(date);
        if (overridden != null) {
            return overridden;
        }
        if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return TradingDay.closed(date, "weekend");
        }
        YearDays year = years.computeIfAbsent(date.getYear(),
                y -> new YearDays(NyseRules.holidays(y), NyseRules.earlyCloses(y)));
        String holiday = year.holidays().get(date);
        if (holiday != null) {
            return TradingDay.closed(date, holiday);
        }
        String early = year.earlyCloses().get(date);
        if (early != null) {
            return TradingDay.closingAt(date, TradingDay.EARLY_CLOSE, "early close 13:00 (" + early + ")");
        }
        return TradingDay.normal(date);
    }

    /** The session at {@code instant}, why, and when and to what it changes next. */
    public SessionStatus statusAt(Instant instant) {
        ZonedDateTime local = instant.atZone(NEW_YORK);
        LocalDate date = local.toLocalDate();
        TradingDay today = day(date);
        MarketSession now = today.sessionAt(local.toLocalTime());
        for (int offset = 0; offset <= HORIZON_DAYS; offset++) {
            TradingDay day = offset == 0 ? today : day(date.plusDays(offset));
            for (LocalTime boundary : boundaries(day)) {
                Instant at = ZonedDateTime.of(day.date(), boundary, NEW_YORK).toInstant();
                if (!at.isAfter(instant)) {
                    continue;
                }
                MarketSession next = day.sessionAt(boundary);
                if (next != now) {
                    return new SessionStatus(now, reason(today, now, day), at, next);
                }
            }
        }
        return new SessionStatus(now, reason(today, now, today), null, null);
    }

    /** The session at {@code instant}, without the search for the next change. */
    public MarketSession sessionAt(Instant instant) {
        ZonedDateTime local = instant.atZone(NEW_YORK);
        return day(local.toLocalDate()).sessionAt(local.toLocalTime());
    }

    private static List<LocalTime> boundaries(TradingDay day) {
        List<LocalTime> times = new ArrayList<>(4);
        if (day.open()) {
            times.add(TradingDay.PRE_OPEN);
            times.add(TradingDay.REGULAR_OPEN);
            times.add(day.regularClose());
            times.add(day.afterClose());
        }
        return times;
    }

    /**
     * Closed: the closed day's reason, or, in the evening before a weekend or holiday, that of the first day
     * without trading ahead; else "overnight". Open: the early close, if any.
     */
    private String reason(TradingDay today, MarketSession now, TradingDay dayOfNextChange) {
        if (now != MarketSession.CLOSED) {
            return today.reason();
        }
        if (!today.open()) {
            return today.reason();
        }
        LocalDate tomorrow = today.date().plusDays(1);
        if (dayOfNextChange.date().isAfter(tomorrow)) {
            return day(tomorrow).reason();
        }
        return "overnight";
    }
}
